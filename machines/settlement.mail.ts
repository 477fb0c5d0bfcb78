// The mail texts of the settlement of a contract year (machines/settlementMachine.ts). Amounts are not
// placeholders: the provider reads the computation in jeugdflow.
import type { MailTexts } from './types.ts';

export const settlementMail = {
  'difference-statement-requested': {
    subject: 'Afrekening: bestuurlijke verklaring over het verschil gevraagd',
    body: [
      'In zaak {zaak} blijkt dat aanbieder {aanbieder} meer heeft gedeclareerd dan is opgenomen in de productieverantwoording.',
      'Wij vragen u over dit verschil een bestuurlijke verklaring te overleggen. De berekening staat in jeugdflow.',
    ],
    action: 'Lever in jeugdflow de bestuurlijke verklaring over het verschil aan.',
  },
  'settlement-decided': {
    subject: 'Definitieve financiële afronding van het contractjaar',
    body: [
      'De contractmanager heeft in zaak {zaak} de afrekening voor aanbieder {aanbieder} vastgesteld.',
      'De berekening stap voor stap en het besluit staan in jeugdflow. De zaak staat nu op: {status}.',
    ],
  },
  'repayment-completed': {
    subject: 'Afrekening: terugbetaling ontvangen',
    body: ['In zaak {zaak} is de terugbetaling door aanbieder {aanbieder} volledig ontvangen. De afrekening is afgerond.'],
  },
} as const satisfies MailTexts;
