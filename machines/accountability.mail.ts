// The mail texts of the yearly accountability (machines/accountabilityMachine.ts). Reminders towards the
// fixed dates are the engine's own (mail/templates: reminder); these are the procedure's notices.
import type { MailTexts } from './types.ts';

export const accountabilityMail = {
  'accountability.opened': {
    subject: 'Verantwoording over het contractjaar: wat u wanneer aanlevert',
    body: [
      'Voor aanbieder {aanbieder} is in zaak {zaak} de verantwoording over het contractjaar geopend.',
      'Vóór 1 april: de financiële productieverantwoording met controleverklaring van een accountant (bij een omzet onder € 125.000 volstaat een bestuursverklaring) en de bestuursverklaring. Vóór 1 augustus: de verklaring WNT.',
      'U ontvangt herinneringen naarmate de datums naderen.',
    ],
    action: 'Lever de stukken in jeugdflow aan.',
  },
  'annualAccounts.requested': {
    subject: 'Verzoek: jaarrekening overleggen',
    body: ['De opdrachtgever verzoekt aanbieder {aanbieder} in zaak {zaak} de jaarrekening te overleggen.'],
    action: 'Lever de jaarrekening in jeugdflow aan.',
  },
} as const satisfies MailTexts;
