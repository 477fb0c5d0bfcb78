// The dossier: every step appends one entry, numbered from 1. Side effects record their outcome here
// (a sent mail, an effect that failed for good); the view and the query answer with pages of it.
import { HISTORY_PAGE_BYTES, HISTORY_PAGE_ENTRIES, utf8Length } from './limits.ts';
import { stateString } from './reading.ts';
import { ENGINE_ACTOR, type CaseRuntime, type EffectRequest, type HistoryEntry } from './types.ts';

/** Appends an entry to the dossier with the next sequence number. */
export function record(rt: CaseRuntime, entry: Omit<HistoryEntry, 'seq'>): HistoryEntry {
  // Object.assign, not `{ seq, ...entry }`: V8 builds a literal with a spread after a field on a slow path.
  const full: HistoryEntry = Object.assign({ seq: rt.history.length + 1 }, entry);
  rt.history.push(full);
  return full;
}

/** Records the outcome of a side effect (e.g. a sent e-mail) in the dossier. */
export function recordMessage(rt: CaseRuntime, at: string, label: string, payload: unknown): HistoryEntry {
  const state = stateString(rt.snapshot);
  return record(rt, { at, kind: 'message', type: 'message.sent', label, actor: ENGINE_ACTOR, from: state, to: state, payload });
}

/** The longest error text of a failed effect kept in the dossier. */
export const MAX_EFFECT_ERROR = 500;

/**
 * An effect that failed for good (invalid input, a permanent refusal): recorded in the dossier and
 * counted, so the supervisor board shows the case (EFFECT_FAILED).
 */
export function recordEffectFailure(rt: CaseRuntime, at: string, effect: EffectRequest, error: string): HistoryEntry {
  const state = stateString(rt.snapshot);
  rt.failedEffects = (rt.failedEffects ?? 0) + 1;
  return record(rt, {
    at,
    kind: 'message',
    type: 'effect.failed',
    label: `Actie mislukt: ${effect.type}`,
    actor: ENGINE_ACTOR,
    from: state,
    to: state,
    payload: { status: 'failed', effect: effect.type, seq: effect.seq, error: error.slice(0, MAX_EFFECT_ERROR) },
  });
}

/** A page of the history, bounded in entries and bytes (at least one entry when there is one). */
export function historyPage(history: readonly HistoryEntry[], from?: number): { entries: HistoryEntry[]; from: number } {
  const fits = (taken: HistoryEntry[], bytes: number, entry: HistoryEntry) => {
    const size = utf8Length(JSON.stringify(entry));
    return { ok: taken.length === 0 || (taken.length < HISTORY_PAGE_ENTRIES && bytes + size <= HISTORY_PAGE_BYTES), size };
  };
  const taken: HistoryEntry[] = [];
  let bytes = 0;
  if (from !== undefined) {
    const start = Math.max(0, Math.floor(from) - 1);
    for (let i = start; i < history.length; i++) {
      const f = fits(taken, bytes, history[i]!);
      if (!f.ok) break;
      taken.push(history[i]!);
      bytes += f.size;
    }
    return { entries: taken, from: taken[0]?.seq ?? history.length + 1 };
  }
  for (let i = history.length - 1; i >= 0; i--) {
    const f = fits(taken, bytes, history[i]!);
    if (!f.ok) break;
    taken.unshift(history[i]!);
    bytes += f.size;
  }
  return { entries: taken, from: taken[0]?.seq ?? history.length + 1 };
}
