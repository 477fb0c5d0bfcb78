// The supervisor fixes as forms: generated from the engine's supervisorActionSchema, one form per action.
import { z } from 'zod';
import { supervisorActionSchema } from '../workflows/engine.ts';
import { addWorkingDays, type CalendarOptions, type IsoDate } from '../calendar/index.ts';
import { caseWorkflowId } from '../workflows/constants.ts';
import type { CaseView } from '../workflows/engine.ts';
import { formatDay } from './format.ts';
import type { JsonSchema } from './forms.ts';

export const SUPERVISOR_SCHEMA = (() => {
  const schema = z.toJSONSchema(supervisorActionSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema & { $schema?: string };
  delete schema.$schema;
  return schema as JsonSchema;
})();

/** Dutch names of the fixes (the engine records its own label in the history). */
export const FIX_LABELS: Record<string, { label: string; help: string }> = {
  'deadline.extended': { label: 'Termijn verlengen', help: 'Met een aantal werkdagen, of tot een nieuwe einddatum. U ziet eerst de nieuwe einddatum en bevestigt dan. De herinneringen schuiven mee; een verlopen termijn die tot na vandaag loopt, is niet meer verlopen.' },
  'clock.suspended': { label: 'Wettelijke klok stilzetten', help: 'Termijnen lopen niet door zolang de klok stilstaat.' },
  'clock.resumed': { label: 'Wettelijke klok hervatten', help: 'Open termijnen schuiven op met het aantal werkdagen dat de klok stilstond.' },
  'case.reassigned': { label: 'Zaak toewijzen', help: 'Wie de zaak voor een rol behandelt.' },
  'reminder.resent': { label: 'Herinnering opnieuw sturen', help: 'Stuurt de herinnering voor een lopende termijn nog eens. Niet voor een termijn die al verstreken is.' },
  'case.cancelled': { label: 'Zaak annuleren', help: 'Beëindigt de zaak; de termijnen vervallen. Dit kan niet ongedaan worden gemaakt.' },
};

export const FIX_FIELD_LABELS: Record<string, string> = {
  'fix.deadline': 'Termijn',
  'fix.workingDays': 'Verlengen met (werkdagen)',
  'fix.until': 'Of: nieuwe einddatum',
  'fix.ground': 'Grond (uit een vaste lijst; komt in het dossier)',
  'fix.reason': 'Reden (komt in het dossier)',
  'fix.role': 'Rol',
  'fix.userId': 'Gebruiker (id)',
};

/** The same schema with Dutch field labels where the engine gave none. */
export function labelledFixSchema(variant: JsonSchema): JsonSchema {
  const properties = Object.fromEntries(
    Object.entries(variant.properties ?? {}).map(([k, s]) => [k, { ...s, description: FIX_FIELD_LABELS[`fix.${k}`] ?? s.description }]),
  );
  return { ...variant, properties };
}

/** The dev server's Web UI, when TEMPORAL_UI_URL is not set. */
export const DEFAULT_TEMPORAL_UI_URL = 'http://localhost:8233';

/** A case's workflow in the Temporal Web UI: <ui>/namespaces/<ns>/workflows/<workflow id> (for supervisors). */
export function temporalWorkflowUrl(ui: string | undefined, namespace: string, caseId: string): string {
  const base = (ui ?? DEFAULT_TEMPORAL_UI_URL).replace(/\/+$/, '');
  return `${base}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(caseWorkflowId(caseId))}`;
}

/** What "Termijn verlengen" would do, shown before the supervisor confirms it. */
export interface ExtensionPreview {
  deadline: string;
  label: string;
  /** The due date now. */
  from: IsoDate;
  /** The resulting due date (working days counted with the calendar), when the input allows one. */
  to?: IsoDate;
  /** Why no new date can be shown (Dutch). */
  problem?: string;
}

/**
 * The resulting due date of an extension, before it is confirmed: `workingDays` counted with the
 * working-day calendar (weekends and public holidays skipped), or the given end date. The engine
 * computes the same on confirmation (and still refuses what it must).
 */
export function previewExtension(view: CaseView, fix: Record<string, unknown>, calendar: CalendarOptions = {}): ExtensionPreview | undefined {
  const d = view.deadlines.find((x) => x.name === fix.deadline);
  if (!d) return undefined;
  const base = { deadline: d.name, label: d.label, from: d.dueDate };
  const days = fix.workingDays;
  const until = fix.until;
  if ((days === undefined) === (until === undefined)) return { ...base, problem: 'Vul een aantal werkdagen in, of een nieuwe einddatum (niet allebei).' };
  if (days !== undefined) {
    if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > 250) return { ...base, problem: 'Het aantal werkdagen is een heel getal van 1 tot en met 250.' };
    return { ...base, to: addWorkingDays(d.dueDate, days, calendar) };
  }
  if (typeof until !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(until)) return { ...base, problem: 'De nieuwe einddatum is geen geldige datum.' };
  if (until <= d.dueDate) return { ...base, problem: `De nieuwe einddatum moet na ${formatDay(d.dueDate)} liggen: een termijn wordt nooit verkort.` };
  return { ...base, to: until as IsoDate };
}

/** The terms a reminder may be sent for again: open, and their end not passed (the engine refuses the rest). */
export function openTerms(view: CaseView): CaseView['deadlines'] {
  return view.deadlines.filter((d) => d.status === 'open' && !d.overdue);
}
