// The mail texts of the provider–ZBT disagreement about an arrangement (machines/zbtDisagreementMachine.ts).
import type { MailTexts } from './types.ts';

export const zbtDisagreementMail = {
  'zbt-disagreement.clarification-started': {
    subject: 'Onenigheid arrangement: periode van vraagverheldering gestart',
    body: [
      'Het JB-team/ZBT heeft in zaak {zaak} een periode van vraagverheldering ingezet.',
      'Termijn: "{termijn}", uiterlijk {uiterlijk}.',
    ],
    action: 'Rond de vraagverheldering af en leg dat vast in jeugdflow.',
  },
  'zbt-disagreement.arrangement-decided': {
    subject: 'Onenigheid arrangement: arrangement bepaald',
    body: [
      'Het JB-team/ZBT heeft in zaak {zaak} het arrangement bepaald en de opdracht verstrekt via iJW301.',
      'De zaak staat nu op: {status}.',
    ],
    action: 'Laat in jeugdflow weten of u akkoord gaat met het arrangement.',
  },
  'zbt-disagreement.no-agreement': {
    subject: 'Onenigheid arrangement: nog steeds geen overeenstemming',
    body: ['Aanbieder {aanbieder} is het in zaak {zaak} nog steeds niet eens met het arrangement.'],
    action: 'Informeer de teamleider/manager van de GI en leg dat vast in jeugdflow.',
  },
  'zbt-disagreement.gi-manager-informed': {
    subject: 'Onenigheid arrangement: overleg met de teammanager van de aanbieder gevraagd',
    body: ['Het JB-team/ZBT heeft u in zaak {zaak} geïnformeerd over een aanhoudende onenigheid met aanbieder {aanbieder} over het arrangement.'],
    action: 'Overleg met de teammanager van de aanbieder en leg de uitkomst vast in jeugdflow.',
  },
  'zbt-disagreement.contract-manager-engaged': {
    subject: 'Onenigheid arrangement: contractmanager ingeschakeld',
    body: [
      'De manager van de GI heeft in zaak {zaak} de contractmanager ingeschakeld via het vaste, geanonimiseerde format. De contractmanager toetst alleen of het juiste proces is doorlopen.',
    ],
    action: 'Maak afspraken over acties en de terugkoppeltermijn en leg die vast in jeugdflow.',
  },
  'zbt-disagreement.feedback-given': {
    subject: 'Onenigheid arrangement: terugkoppeling van de contractmanager',
    body: [
      'De contractmanager heeft in zaak {zaak} teruggekoppeld aan het lokale team.',
      'De zaak staat nu op: {status}.',
    ],
  },
} as const satisfies MailTexts;
