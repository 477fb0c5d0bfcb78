// A case may suggest starting another procedure, linked to it (`suggestedEscalation` in its context, e.g. a
// missed report in production-ceiling or an insufficient improvement plan in kpi-stoplight: machines/
// escalationLink.ts). The console shows the suggestion on the case page with a link to the start form of the
// suggested procedure, prefilled with its start data; starting stays a person's act. Generic: any procedure
// that puts a `suggestedEscalation` in its context gets it.
import type { SuggestedEscalation } from '../machines/escalationLink.ts';
import type { CaseView } from '../workflows/engine.ts';
import type { FormBody } from './forms.ts';

/** The open suggestion of a case: present, and not yet linked or waived. */
export function openSuggestion(view: Pick<CaseView, 'context' | 'status'>): SuggestedEscalation | undefined {
  const ctx = view.context as { suggestedEscalation?: SuggestedEscalation; escalation?: unknown } | undefined;
  if (view.status !== 'active' || !ctx?.suggestedEscalation || ctx.escalation !== undefined) return undefined;
  return ctx.suggestedEscalation;
}

/** The escalation-ladder case linked from a case, if a person recorded one. */
export function linkedEscalationCase(view: Pick<CaseView, 'context'>): string | undefined {
  const escalation = (view.context as { escalation?: { escalationCase?: unknown } } | undefined)?.escalation;
  return typeof escalation?.escalationCase === 'string' ? escalation.escalationCase : undefined;
}

/** The start form's values (`data.<path>`) from a case's suggestion to start `procedure`, or undefined. */
export function prefillFromSuggestion(view: CaseView, procedure: string): FormBody | undefined {
  const suggestion = (view.context as { suggestedEscalation?: SuggestedEscalation } | undefined)?.suggestedEscalation;
  if (!suggestion || suggestion.procedure !== procedure) return undefined;
  const out: FormBody = {};
  const walk = (value: unknown, name: string) => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) for (const [k, v] of Object.entries(value)) walk(v, `${name}.${k}`);
    else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') out[name] = String(value);
  };
  walk(suggestion.data, 'data');
  return out;
}
