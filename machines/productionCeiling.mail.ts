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
  'overproduction-not-payable': {
    subject: 'Productieplafond: overproductie komt niet voor vergoeding in aanmerking (aanbieder {aanbieder})',
    body: [
      'Het contractjaar in zaak {zaak} is afgesloten met een productie boven het productieplafond.',
      'Er was geen schriftelijk akkoord van de opdrachtgever vóór de overschrijding: de overproductie komt niet voor vergoeding/facturatie in aanmerking. Het bedrag staat in het dossier.',
    ],
  },
  'overproduction-payable': {
    subject: 'Productieplafond: overproductie met voorafgaand schriftelijk akkoord (aanbieder {aanbieder})',
    body: [
      'Het contractjaar in zaak {zaak} is afgesloten met een productie boven het productieplafond.',
      'De aanbieder had vóór de overschrijding schriftelijk akkoord: de overproductie komt voor vergoeding in aanmerking. Het bedrag staat in het dossier.',
    ],
  },
  'year-closed': {
    subject: 'Productieplafond: contractjaar afgesloten (aanbieder {aanbieder})',
    body: ['Het contractjaar in zaak {zaak} is afgesloten binnen het productieplafond: er is geen overproductie.'],
  },
} as const satisfies MailTexts;
