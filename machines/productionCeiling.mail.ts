// The mail texts of the production ceiling (machines/productionCeilingMachine.ts). Amounts and personal data
// never appear in a mail: the recipient opens the case in jeugdflow.
import type { MailTexts } from './types.ts';

export const productionCeilingMail = {
  'report-due': {
    subject: 'Productieplafond: melding van de aanbieder nodig',
    body: [
      'In zaak {zaak} is voor aanbieder {aanbieder} 80% uitnutting van het productieplafond of het ontbreken van productiecapaciteit vastgelegd.',
      'De aanbieder meldt dit bij de contractmanager binnen de termijn "{termijn}", uiterlijk {uiterlijk}.',
    ],
    action: 'Doe in jeugdflow de melding bij de contractmanager.',
  },
  'report-received': {
    subject: 'Productieplafond: melding ontvangen van aanbieder {aanbieder}',
    body: [
      'Aanbieder {aanbieder} heeft in zaak {zaak} gemeld dat 80% van het productieplafond is bereikt of dat er geen productiecapaciteit beschikbaar is.',
      'De contractmanager communiceert dit met de regiogemeenten en besluit: verhogen (hoogstens 15% per jaar), weigeren of maatregelen afspreken.',
    ],
    action: 'Neem in jeugdflow een besluit over het productieplafond.',
  },
  'report-overdue': {
    subject: 'Productieplafond: melding niet binnen 5 werkdagen (aanbieder {aanbieder})',
    body: [
      'De termijn "{termijn}" in zaak {zaak} is verstreken zonder melding van aanbieder {aanbieder}.',
      'Dit is een signaal voor de escalatieladder. De zaak biedt aan een escalatieladder te starten, gekoppeld aan deze zaak; starten blijft uw besluit.',
    ],
    action: 'Bekijk de zaak in jeugdflow en start zo nodig de escalatieladder.',
  },
  'ceiling-decided': {
    subject: 'Productieplafond: besluit van de contractmanager',
    body: ['De contractmanager heeft in zaak {zaak} een besluit genomen over het productieplafond van aanbieder {aanbieder}. Het besluit staat in het dossier.'],
  },
  'ceiling-exceeded': {
    subject: 'Productieplafond overschreden (aanbieder {aanbieder})',
    body: [
      'In zaak {zaak} is een productie boven het productieplafond vastgelegd.',
      'Overproductie komt niet voor vergoeding in aanmerking, tenzij de aanbieder vóór de overschrijding schriftelijk akkoord van de opdrachtgever had.',
    ],
  },
  'year-closed': {
    subject: 'Productieplafond: contractjaar afgesloten (aanbieder {aanbieder})',
    body: ['Het contractjaar in zaak {zaak} is afgesloten. Of er overproductie is en of die voor vergoeding in aanmerking komt, staat in het dossier.'],
  },
} as const satisfies MailTexts;
