// Deadline reminders (effect `deadline.reminder`): the engine plans them per deadline at the offsets the
// machine declares (default 5 and 1 working days before, 0 = on the due date) and sends an expiry
// notice when the term has ended.
import type { MailTemplate } from './types.ts';

export const REMINDER_TEMPLATES = {
  before: {
    subject: 'Herinnering: {termijn} verloopt over {resterend}',
    body: [
      'De termijn "{termijn}" in zaak {zaak} ({procedure}, aanbieder {aanbieder}) verloopt over {resterend}, op {uiterlijk}.',
      'De zaak staat nu op: {status}.',
    ],
    action: 'Actie van {wie}: leg de vereiste stap vóór het einde van de termijn vast in jeugdflow.',
  },
  today: {
    subject: 'Herinnering: {termijn} verloopt vandaag',
    body: [
      'De termijn "{termijn}" in zaak {zaak} ({procedure}, aanbieder {aanbieder}) verloopt vandaag, {uiterlijk}, om middernacht.',
      'De zaak staat nu op: {status}.',
    ],
    action: 'Actie van {wie}: leg de vereiste stap vandaag nog vast in jeugdflow.',
  },
  expired: {
    subject: 'Termijn verstreken: {termijn}',
    body: [
      'De termijn "{termijn}" in zaak {zaak} ({procedure}, aanbieder {aanbieder}) is verstreken op {uiterlijk}.',
      'De vereiste stap van {wie} was bij het einde van de termijn niet vastgelegd. Dit bericht gaat ook naar de contractmanager van de zaak.',
      'De zaak staat nu op: {status}.',
    ],
    action: 'Bekijk in jeugdflow welke vervolgstap de procedure nu biedt.',
  },
  resent: {
    subject: 'Herinnering (opnieuw verstuurd): {termijn}',
    body: [
      'Op verzoek van de supervisor herinneren wij u aan de termijn "{termijn}" in zaak {zaak} ({procedure}, aanbieder {aanbieder}). De termijn verloopt op {uiterlijk}.',
      'De zaak staat nu op: {status}.',
    ],
    action: 'Actie van {wie}: leg de vereiste stap vóór het einde van de termijn vast in jeugdflow.',
  },
} as const satisfies Record<string, MailTemplate>;

export type ReminderKind = keyof typeof REMINDER_TEMPLATES;
