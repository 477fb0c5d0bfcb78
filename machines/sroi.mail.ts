// The mail texts of the social return procedure (machines/sroiMachine.ts). Case facts only: amounts and
// percentages are in the case (the dossier), never in a mail; the recipient opens the case in jeugdflow.
import type { MailTexts } from './types.ts';

export const sroiMail = {
  'sroi.awarded': {
    subject: 'Social return: neem binnen 7 kalenderdagen contact op met het coördinatiepunt Social Return',
    body: [
      'Aan aanbieder {aanbieder} is de opdracht definitief gegund (zaak {zaak}).',
      'Binnen zeven kalenderdagen na definitieve gunning neemt u contact op met het coördinatiepunt Social Return van de gemeente Rotterdam (telefoon: 010 - 498 5993 of e-mail: socialreturn@rotterdam.nl).',
      'De termijn "{termijn}" loopt tot en met {uiterlijk}.',
    ],
    action: 'Leg in jeugdflow vast wanneer u contact hebt opgenomen.',
  },
  'sroi.contactOverdue': {
    subject: 'Social return: contacttermijn met het coördinatiepunt verstreken',
    body: [
      'In zaak {zaak} heeft aanbieder {aanbieder} niet binnen zeven kalenderdagen na definitieve gunning vastgelegd dat er contact is opgenomen met het coördinatiepunt Social Return.',
    ],
    action: 'Neem alsnog contact op met het coördinatiepunt Social Return en leg dit vast in jeugdflow.',
  },
  'sroi.shortfallReported': {
    subject: 'Social return: achterstand gemeld, waarschuwingsbrief SIRO voorgesteld (aanbieder {aanbieder})',
    body: [
      'In zaak {zaak} is een achterstand in de realisatie van de social return-verplichting van aanbieder {aanbieder} vastgelegd.',
      'De zaak bevat de gegevens voor de waarschuwingsbrief uit SIRO (procedure "Automatische brief met vetotermijn"). Start die brief en leg het zaaknummer vast in deze zaak.',
    ],
    action: 'Start in jeugdflow de waarschuwingsbrief SROI met de voorgestelde gegevens.',
  },
  'sroi.realisationRecorded': {
    subject: 'Social return: realisatie vastgesteld (aanbieder {aanbieder})',
    body: [
      'In zaak {zaak} is de realisatie van de social return-verplichting van aanbieder {aanbieder} over de periode vastgesteld.',
      'De verplichting, de realisatie en een eventuele boete (125% van het openstaande bedrag) staan in het dossier.',
    ],
  },
} as const satisfies MailTexts;
