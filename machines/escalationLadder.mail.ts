// The mail texts of the escalation ladder (machines/escalationLadderMachine.ts); its keys are the `notify` templates.
import type { MailTexts } from './types.ts';

export const escalationLadderMail = {
  'escalation.rungChosen': {
    subject: 'Escalatieladder: trede gekozen voor aanbieder {aanbieder}',
    body: [
      'De contractmanager heeft in zaak {zaak} een trede van de escalatieladder gekozen.',
      'De zaak staat nu op: {status}.',
      'Er loopt een termijn: "{termijn}", uiterlijk {uiterlijk}.',
    ],
    action: 'Actie van {wie}: dien uiterlijk {uiterlijk} uw reactie of verbeterplan in via jeugdflow.',
  },
  'escalation.fourEyesRequested': {
    subject: 'Escalatieladder: formele maatregel wacht op een tweede contractmanager',
    body: [
      'In zaak {zaak} (aanbieder {aanbieder}) is een formele maatregel voorgesteld. Volgens het vier-ogenprincipe moet een tweede contractmanager de maatregel goedkeuren of afwijzen.',
    ],
    action: 'Beoordeel het voorstel in jeugdflow als u niet zelf de indiener bent.',
  },
  'escalation.measureTaken': {
    subject: 'Escalatieladder: formele maatregel genomen ten aanzien van aanbieder {aanbieder}',
    body: [
      'In zaak {zaak} is een formele maatregel genomen en door een tweede contractmanager goedgekeurd.',
      'De zaak staat nu op: {status}.',
      'De aanbieder kan binnen 5 werkdagen schriftelijk bezwaar maken tegen de gekozen trede.',
      'Een ingebrekestelling gaat per aangetekende brief; de bezwaartermijn en de hersteltermijn tellen vanaf de dagtekening van die brief. Betalingen worden pas opgeschort als het herstel uitblijft: na afloop van de hersteltermijn, of eerder als de aanbieder schriftelijk verklaart niet te zullen herstellen.',
      'Termijn: "{termijn}", uiterlijk {uiterlijk}.',
    ],
  },
  'escalation.measureRejected': {
    subject: 'Escalatieladder: voorgestelde maatregel afgewezen',
    body: [
      'De tweede contractmanager heeft de voorgestelde maatregel in zaak {zaak} (aanbieder {aanbieder}) afgewezen.',
      'De zaak staat nu op: {status}.',
    ],
    action: 'Kies in jeugdflow de volgende stap.',
  },
  'escalation.providerSubmitted': {
    subject: 'Escalatieladder: aanbieder {aanbieder} heeft gereageerd',
    body: [
      'De aanbieder heeft in zaak {zaak} een reactie of verbeterplan ingediend.',
      'De zaak staat nu op: {status}.',
    ],
    action: 'Beoordeel de inzending in jeugdflow en kies de volgende stap.',
  },
  'escalation.planAssessed': {
    subject: 'Escalatieladder: verbeterplan beoordeeld',
    body: [
      'Het verbeterplan in zaak {zaak} is beoordeeld door de contractmanager.',
      'De zaak staat nu op: {status}.',
    ],
  },
  'escalation.termExpired': {
    subject: 'Escalatieladder: termijn verstreken in zaak met aanbieder {aanbieder}',
    body: [
      'Een termijn in zaak {zaak} is verstreken zonder dat de vereiste stap is vastgelegd.',
      'De zaak staat nu op: {status}.',
    ],
    action: 'Kies in jeugdflow de volgende stap.',
  },
  'escalation.objectionFiled': {
    subject: 'Escalatieladder: bezwaar ingediend door aanbieder {aanbieder}',
    body: [
      'De aanbieder heeft in zaak {zaak} bezwaar gemaakt tegen de formele maatregel.',
      'De zaak staat nu op: {status}.',
      'Termijn: "{termijn}", uiterlijk {uiterlijk}.',
      'Zolang het bezwaar loopt, wordt niet opgeschaald naar een hogere trede, tenzij dat noodzakelijk is voor de veiligheid van cliënten of ter voorkoming van verdere fraude.',
    ],
    action:
      'Neem het bezwaar in behandeling in jeugdflow: bij een geschil over de inschaling met een gesprek op directieniveau; anders beslist een ander dan de contractmanager die de maatregel voorstelde.',
  },
  'escalation.objectionDecided': {
    subject: 'Escalatieladder: beslissing op uw bezwaar',
    body: [
      'Op het bezwaar in zaak {zaak} is beslist.',
      'De zaak staat nu op: {status}.',
      'De motivering staat in het dossier van de zaak.',
    ],
  },
  'escalation.recoveryAssessed': {
    subject: 'Escalatieladder: herstel na ingebrekestelling beoordeeld',
    body: [
      'De contractmanager heeft in zaak {zaak} vastgelegd of het herstel na de ingebrekestelling is gerealiseerd. Uitgebleven herstel vóór het einde van de hersteltermijn wordt alleen vastgelegd op grond van een schriftelijke verklaring van de aanbieder.',
      'De zaak staat nu op: {status}.',
    ],
  },
  'escalation.caseClosed': {
    subject: 'Escalatieladder afgesloten voor aanbieder {aanbieder}',
    body: ['Zaak {zaak} is afgesloten. De uitkomst en de motivering staan in het dossier.'],
  },
} as const satisfies MailTexts;
