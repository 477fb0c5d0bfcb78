// The mail texts of the escalation on client/care content (machines/careContentEscalationMachine.ts).
import type { MailTexts } from './types.ts';

export const careContentEscalationMail = {
  'care-content.contract-manager-contacted': {
    subject: 'Escalatie zorginhoud: het lokale team vraagt uw inzet',
    body: [
      'Het lokale team vindt in zaak {zaak} dat hulp direct moet worden ingezet en dat aanbieder {aanbieder} die hulp moet bieden.',
      'De zaak staat nu op: {status}.',
    ],
    action: 'Toets het geschil aan de contract- en werkafspraken, bespreek het met de aanbieder en leg de uitkomst vast in jeugdflow.',
  },
  'care-content.zbt-contacted': {
    subject: 'Escalatie zorginhoud: het lokale team vraagt om een verblijfsplaats',
    body: ['Het lokale team heeft in zaak {zaak} contact gelegd met het ZBT over een verblijfsplaats bij aanbieder {aanbieder}.'],
    action: 'Maak afspraken over acties en de terugkoppeltermijn en leg die vast in jeugdflow.',
  },
  'care-content.financial-room-insufficient': {
    subject: 'Escalatie zorginhoud: onvoldoende financiële ruimte bij aanbieder {aanbieder}',
    body: ['Het ZBT meldt in zaak {zaak} dat er onvoldoende financiële ruimte is bij aanbieder {aanbieder}.'],
    action: 'Toets het geschil aan de contract- en werkafspraken en leg de uitkomst vast in jeugdflow.',
  },
  'care-content.escalated-to-secretary': {
    subject: 'Escalatie zorginhoud: besluit van de secretaris GR JR gevraagd',
    body: [
      'Zaak {zaak} (aanbieder {aanbieder}) is opgeschaald naar de secretaris van de GR JR omdat de contractmanager geen oplossing heeft gevonden.',
      'Termijn: "{termijn}", uiterlijk {uiterlijk}.',
    ],
    action: 'Neem in jeugdflow een besluit, eventueel na advies.',
  },
  'care-content.secretary-decided': {
    subject: 'Escalatie zorginhoud: de secretaris GR JR heeft besloten',
    body: ['De secretaris van de GR JR heeft in zaak {zaak} besloten. Het besluit staat in het dossier van de zaak.'],
  },
} as const satisfies MailTexts;
