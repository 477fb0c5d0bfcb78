// The mail texts of the KPI stoplight (machines/kpiStoplightMachine.ts). Scores and personal data never appear
// in a mail: the recipient opens the case in jeugdflow.
import type { MailTexts } from './types.ts';

export const kpiStoplightMail = {
  'kpi-red': {
    subject: 'KPI-stoplicht: rood voor aanbieder {aanbieder}',
    body: [
      'In zaak {zaak} staat voor aanbieder {aanbieder} ten minste één KPI op rood (onvoldoende).',
      'De contractmanager bespreekt de resultaten in het tactisch overleg en kan de aanbieder om een verbeterplan vragen.',
    ],
    action: 'Bekijk het stoplicht in jeugdflow.',
  },
  'plan-requested': {
    subject: 'KPI-stoplicht: verbeterplan gevraagd',
    body: ['De contractmanager vraagt aanbieder {aanbieder} in zaak {zaak} om een verbeterplan: de tekortkomingen, de oplossingen en de termijnen.'],
    action: 'Dien het verbeterplan in via jeugdflow.',
  },
  'plan-submitted': {
    subject: 'KPI-stoplicht: verbeterplan ingediend door aanbieder {aanbieder}',
    body: ['Aanbieder {aanbieder} heeft in zaak {zaak} een verbeterplan ingediend.'],
    action: 'Beoordeel in jeugdflow of het verbeterplan tot voldoende verbetering leidt.',
  },
  'improvement-insufficient': {
    subject: 'KPI-stoplicht: onvoldoende verbetering (aanbieder {aanbieder})',
    body: [
      'Het verbeterplan in zaak {zaak} leidde tot onvoldoende verbetering.',
      'De opdrachtgever kan verdere stappen nemen conform artikel 8.2: de zaak biedt aan een escalatieladder te starten, gekoppeld aan deze zaak; starten blijft uw besluit.',
    ],
    action: 'Start zo nodig de escalatieladder.',
  },
} as const satisfies MailTexts;
