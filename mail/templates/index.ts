// The mail templates that belong to no procedure (deadline reminders, automatic letters' facts, the
// fallback), and the lookup of a procedure's own texts: those live with the procedure
// (`mail` in its definition, the `<name>.mail.ts` file beside its machine).
import { findProcedure } from '../../machines/index.ts';
import type { MailTemplate } from './types.ts';

export * from './types.ts';
export * from './reminders.ts';
export * from './letters.ts';

/** Used when a machine names a template that has no text yet: the mail still goes out, and the record says so. */
export const FALLBACK_TEMPLATE: MailTemplate = {
  subject: 'Wijziging in zaak met aanbieder {aanbieder}',
  body: ['Er is een stap gezet in zaak {zaak} ({procedure}).', 'De zaak staat nu op: {status}.'],
  action: 'Bekijk de zaak in jeugdflow.',
};

/** The text of a procedure's `notify` template, read from the procedure's definition. */
export function findProcedureTemplate(procedureId: string, template: string): MailTemplate | undefined {
  const texts: Readonly<Record<string, MailTemplate>> | undefined = findProcedure(procedureId)?.mail;
  return texts && Object.hasOwn(texts, template) ? texts[template] : undefined;
}
