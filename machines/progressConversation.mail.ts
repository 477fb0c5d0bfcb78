// The mail texts of the contract progress conversation (machines/progressConversationMachine.ts). Case facts
// only: the report, its decisions and actions are in the case (the contract dossier), never in a mail.
import type { MailTexts } from './types.ts';

export const progressConversationMail = {
  'progressConversation.held': {
    subject: 'Contractvoortgangsgesprek gevoerd: verslag binnen twee weken (aanbieder {aanbieder})',
    body: [
      'Het contractvoortgangsgesprek met aanbieder {aanbieder} is gevoerd (zaak {zaak}).',
      'Het verslag wordt binnen twee weken gedeeld; de termijn "{termijn}" loopt tot en met {uiterlijk}.',
    ],
    action: 'Deel in jeugdflow het verslag, met de afspraken volgens het SMART-principe.',
  },
  'progressConversation.reportOverdue': {
    subject: 'Contractvoortgangsgesprek: verslag niet binnen twee weken gedeeld',
    body: ['In zaak {zaak} is het verslag van het contractvoortgangsgesprek met aanbieder {aanbieder} niet binnen twee weken na het gesprek gedeeld.'],
    action: 'Deel het verslag alsnog in jeugdflow.',
  },
  'progressConversation.reportShared': {
    subject: 'Verslag contractvoortgangsgesprek gedeeld: reacties binnen één week',
    body: [
      'Het verslag van het contractvoortgangsgesprek met aanbieder {aanbieder} is gedeeld in zaak {zaak}. Het bevat wat is besloten en gemandateerd, welke actie door wie wordt uitgevoerd en de beoogde oplevertermijn.',
      'Reacties op het verslag volgen binnen één week, tot en met {uiterlijk}. Daarna is het verslag onderdeel van het contractdossier.',
    ],
    action: 'Lees het verslag in jeugdflow en geef daar uw reactie.',
  },
  'progressConversation.actionOverdue': {
    subject: 'Contractvoortgangsgesprek: oplevertermijn van een actie verstreken',
    body: [
      'In zaak {zaak} is de beoogde oplevertermijn verstreken van een actie uit het contractvoortgangsgesprek met aanbieder {aanbieder}. Welke actie en wie die uitvoert, staat in de zaak.',
    ],
    action: 'Rond de actie af en leg dat vast in jeugdflow, of bespreek de voortgang met de contractmanager.',
  },
  'progressConversation.completed': {
    subject: 'Contractvoortgangsgesprek afgerond (aanbieder {aanbieder})',
    body: ['In zaak {zaak} is het verslag onderdeel van het contractdossier en zijn alle acties afgerond. Het volgende gesprek staat in de zaak.'],
  },
} as const satisfies MailTexts;
