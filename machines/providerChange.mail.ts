// The mail texts of a change at a provider (machines/providerChangeMachine.ts): case facts only.
import type { MailTexts } from './types.ts';

export const providerChangeMail = {
  'bank-change-submitted': {
    subject: 'Wijziging bankrekening aanbieder {aanbieder}',
    body: [
      'Aanbieder {aanbieder} heeft in zaak {zaak} een nieuw rekeningnummer doorgegeven, met een recent bankafschrift (niet ouder dan 3 maanden).',
      'De doorlooptijd is 2 weken: verwerk de wijziging uiterlijk {uiterlijk}.',
    ],
    action: 'Controleer het bankafschrift en verwerk de wijziging in de gemeentelijke systemen.',
  },
  'bank-change-overdue': {
    subject: 'Doorlooptijd wijziging bankrekening verstreken (aanbieder {aanbieder})',
    body: ['De doorlooptijd van 2 weken voor de wijziging van de bankrekening in zaak {zaak} is verstreken. De wijziging is nog niet verwerkt.'],
    action: 'Verwerk de wijziging alsnog of wijs haar af met reden.',
  },
  'change-processed': {
    subject: 'Wijziging verwerkt (aanbieder {aanbieder})',
    body: ['De wijziging in zaak {zaak} is verwerkt in de gemeentelijke systemen.'],
  },
  'change-rejected': {
    subject: 'Wijziging niet verwerkt: aanvulling nodig (aanbieder {aanbieder})',
    body: ['De wijziging in zaak {zaak} is niet verwerkt. De reden staat in het dossier.'],
    action: 'Lever de wijziging opnieuw aan met de juiste bewijsstukken.',
  },
  'registration-change-submitted': {
    subject: 'Wijziging KvK-nummer, AGB-code of BTW-nummer (aanbieder {aanbieder})',
    body: ['Aanbieder {aanbieder} heeft in zaak {zaak} een wijziging van KvK-nummer, AGB-code of BTW-nummer doorgegeven, met een proformafactuur.'],
    action: 'Verwerk de wijziging in de gemeentelijke systemen.',
  },
  'contact-change-submitted': {
    subject: 'Wijziging contact- of adresgegevens (aanbieder {aanbieder})',
    body: ['Aanbieder {aanbieder} heeft in zaak {zaak} een wijziging van contact- of adresgegevens doorgegeven.'],
    action: 'Verwerk de wijziging in de gemeentelijke systemen.',
  },
  'replacement-requested': {
    subject: 'Verzoek: wijs een andere contractmanager aan (aanbieder {aanbieder})',
    body: [
      'Na een periode van 6 maanden en een gesprek met uw leidinggevende verzoekt de gemeente in zaak {zaak} een andere contractmanager aan te wijzen.',
      'Volgens het protocol contractmanagement willigt de aanbieder dit verzoek in.',
    ],
    action: 'Wijs een andere contractmanager (met achtervang) aan en leg dit vast in jeugdflow.',
  },
  'replacement-appointed': {
    subject: 'Andere contractmanager aangewezen (aanbieder {aanbieder})',
    body: ['Aanbieder {aanbieder} heeft in zaak {zaak} een andere contractmanager aangewezen.'],
  },
} as const satisfies MailTexts;
