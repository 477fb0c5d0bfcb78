// The supervisor fixes as forms: generated from the engine's supervisorActionSchema, one form per action.
import { z } from 'zod';
import { supervisorActionSchema } from '../workflows/engine.ts';
import { caseWorkflowId } from '../workflows/constants.ts';
import type { JsonSchema } from './forms.ts';

export const SUPERVISOR_SCHEMA = (() => {
  const schema = z.toJSONSchema(supervisorActionSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema & { $schema?: string };
  delete schema.$schema;
  return schema as JsonSchema;
})();

/** Dutch names of the fixes (the engine records its own label in the history). */
export const FIX_LABELS: Record<string, { label: string; help: string }> = {
  'deadline.extended': { label: 'Termijn verlengen', help: 'Met een aantal werkdagen, of tot een nieuwe einddatum. De herinneringen schuiven mee.' },
  'clock.suspended': { label: 'Wettelijke klok stilzetten', help: 'Termijnen lopen niet door zolang de klok stilstaat.' },
  'clock.resumed': { label: 'Wettelijke klok hervatten', help: 'Open termijnen schuiven op met het aantal werkdagen dat de klok stilstond.' },
  'case.reassigned': { label: 'Zaak toewijzen', help: 'Wie de zaak voor een rol behandelt.' },
  'reminder.resent': { label: 'Herinnering opnieuw sturen', help: 'Stuurt de herinnering voor een termijn nog eens.' },
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
