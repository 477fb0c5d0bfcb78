// The mail texts of a report by a provider to its contract manager (machines/providerReportMachine.ts).
// Case facts only: what happened stays in jeugdflow, never in a mail.
import type { MailTexts } from './types.ts';

export const providerReportMail = {
  'signal-reported': {
    subject: 'Melding van aanbieder {aanbieder}: signaal, incident of calamiteit',
    body: ['Aanbieder {aanbieder} heeft in zaak {zaak} een signaal via de Inspectie, een incident of een calamiteit gemeld.'],
    action: 'Beoordeel de melding in jeugdflow en leg vast wat ermee gebeurt.',
  },
  'distress-reported': {
    subject: 'Dringend: dreigende surseance van betaling of faillissement (aanbieder {aanbieder})',
    body: [
      'Aanbieder {aanbieder} meldt in zaak {zaak} dat surseance van betaling of faillissement dreigt.',
      'Bekijk samen met de aanbieder welke mogelijkheden er zijn om de aanbieder te ondersteunen of de transitie van cliënten naar een andere aanbieder te faciliteren.',
    ],
    action: 'Neem direct contact op met de aanbieder.',
  },
  'transition-started': {
    subject: 'Transitie van cliënten naar een andere aanbieder (aanbieder {aanbieder})',
    body: ['In zaak {zaak} is besloten de transitie van de cliënten van aanbieder {aanbieder} naar een andere aanbieder te faciliteren.'],
    action: 'Stem de overdracht van uw cliënten af met de contractmanager.',
  },
  'subcontractor-reported': {
    subject: 'Onderaannemer bekendgemaakt door aanbieder {aanbieder}',
    body: ['Aanbieder {aanbieder} heeft in zaak {zaak} vóór aanvang van de hulp een onderaannemer bekendgemaakt.'],
    action: 'Neem de onderaannemer op in de administratie.',
  },
  'subcontractor-late': {
    subject: 'Onderaannemer niet vóór aanvang hulp bekendgemaakt (aanbieder {aanbieder})',
    body: [
      'In zaak {zaak} is een onderaannemer van aanbieder {aanbieder} pas bekendgemaakt nadat de hulp al was begonnen.',
      'Het is niet toegestaan om gebruik te maken van een onderaannemer die niet vóór aanvang hulp bij de opdrachtgever bekend is gemaakt.',
    ],
    action: 'Beoordeel de melding en leg vast wat ermee gebeurt.',
  },
} as const satisfies MailTexts;
