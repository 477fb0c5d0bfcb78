// Taking a signal to the fitting table (000/001 §3.2 stap 3): general signals to the general digital or
// physical table, segment-specific signals to that segment's digital or physical table. Relevance is
// SOJ's judgement; this only finds the fitting table.
import type { Signal, Table } from './model.ts';

export interface SignalRoute {
  table?: Table;
  /** Dutch. */
  reason: string;
  rule: string;
}

export interface RouteOptions {
  /** Only tables on or after this date (YYYY-MM-DD), e.g. today. */
  from?: string;
}

const RULE_GENERAL = '000/001 §3.2 stap 3 (algemene signalen aan de algemene digitale of fysieke ontwikkeltafel)';
const RULE_SEGMENT = '000/001 §3.2 stap 3.1 (segment-specifieke signalen aan de segment-specifieke digitale of fysieke ontwikkeltafel)';

/** The earliest fitting table (digital or physical; never the board table, which takes its topics from those tables). */
export function routeSignal(signal: Pick<Signal, 'scope' | 'bijzonderDeel'>, tables: readonly Table[], options: RouteOptions = {}): SignalRoute {
  const segment = signal.scope === 'segment';
  const fitting = tables
    .filter((t) => t.type !== 'bestuurlijk')
    .filter((t) => (segment ? t.scope === 'segment' && t.bijzonderDeel === signal.bijzonderDeel : t.scope === 'algemeen'))
    .filter((t) => options.from === undefined || t.date >= options.from)
    .sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id));
  const rule = segment ? RULE_SEGMENT : RULE_GENERAL;
  const table = fitting[0];
  const where = segment ? `segment-tafel van Bijzonder Deel ${signal.bijzonderDeel}` : 'algemene digitale of fysieke tafel';
  if (!table) return { reason: `geen ${where} gepland${options.from ? ` vanaf ${options.from}` : ''}`, rule };
  return { table, reason: `eerstvolgende ${where}: ${table.id} (${table.type}, ${table.date})`, rule };
}
