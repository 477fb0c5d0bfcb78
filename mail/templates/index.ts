// All mail templates, per procedure (keyed by the `template` of a machine's `notify` action), plus the
// deadline reminders and the automatic letters.
import type { ProcedureId } from '../../machines/types.ts';
import { automaticLetterTemplates } from './automaticLetter.ts';
import { careContentEscalationTemplates } from './careContentEscalation.ts';
import { careTerminationTemplates } from './careTermination.ts';
import { escalationLadderTemplates } from './escalationLadder.ts';
import { proposalLifecycleTemplates } from './proposalLifecycle.ts';
import type { MailTemplate, TemplateSet } from './types.ts';
import { zbtDisagreementTemplates } from './zbtDisagreement.ts';

export * from './types.ts';
export * from './reminders.ts';
export * from './letters.ts';

export const PROCEDURE_TEMPLATES: Readonly<Record<ProcedureId, TemplateSet>> = {
  'escalation-ladder': escalationLadderTemplates,
  'proposal-lifecycle': proposalLifecycleTemplates,
  'care-termination': careTerminationTemplates,
  'zbt-disagreement': zbtDisagreementTemplates,
  'care-content-escalation': careContentEscalationTemplates,
  'automatic-letter': automaticLetterTemplates,
};

/** Used when a machine names a template that has no text yet: the mail still goes out, and the record says so. */
export const FALLBACK_TEMPLATE: MailTemplate = {
  subject: 'Wijziging in zaak met aanbieder {aanbieder}',
  body: ['Er is een stap gezet in zaak {zaak} ({procedure}).', 'De zaak staat nu op: {status}.'],
  action: 'Bekijk de zaak in jeugdflow.',
};

export function findProcedureTemplate(procedureId: string, template: string): MailTemplate | undefined {
  const set = (PROCEDURE_TEMPLATES as Readonly<Record<string, TemplateSet>>)[procedureId];
  return set && Object.hasOwn(set, template) ? set[template] : undefined;
}
