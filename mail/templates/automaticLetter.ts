// Mail of the automatic letter with a veto window (machines/automaticLetterMachine.ts). Both of its `notify`
// templates are the generic ones of letters.ts, reused here, not copied:
// - `letter.vetoRequested` to the contract manager when the window opens and again after a postponement
//   (quoting the letter and the end of the window);
// - `letter:<name>` (e.g. `letter:siro-warning`) to the provider when the letter goes out, with the facts
//   checked against the letter's strict schema and a note whether it went automatically. The letters have
//   placeholders of their own (LETTER_PLACEHOLDERS), so they stay in `LETTERS`, outside this set.
// activities/mailPlan.ts recognises both by name before it looks in a procedure's set; the entry below
// names the template the machine uses, so the machine-template check finds its text.
import { VETO_REQUEST_TEMPLATE, vetoRequestTemplate } from './letters.ts';
import type { TemplateSet } from './types.ts';

export const automaticLetterTemplates = {
  [VETO_REQUEST_TEMPLATE]: vetoRequestTemplate,
} as const satisfies TemplateSet;
