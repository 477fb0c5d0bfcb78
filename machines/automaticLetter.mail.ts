// The mail texts of the automatic letter with a veto window (machines/automaticLetterMachine.ts); its keys are
// the `notify` templates:
// - `letter.vetoRequested` to the contract manager when the window opens and again after a postponement
//   (the mail side quotes the letter and the end of the window under it);
// - `letter:<name>` (e.g. `letter:siro-warning`) to the provider when the letter goes out. A letter's own
//   placeholders come from its facts (mail/templates/letters.ts: LETTERS, LETTER_PLACEHOLDERS), checked
//   against the letter's strict schema (LETTER_DATA in the machine).
import type { MailTexts } from './types.ts';

export const automaticLetterMail = {
  'letter.vetoRequested': {
    subject: 'Automatische brief wacht op uw akkoord: {brief}',
    body: [
      'In zaak {zaak} staat de automatische brief "{brief}" klaar voor aanbieder {aanbieder}.',
      'U kunt de verzending goedkeuren, uitstellen of weigeren tot en met {uiterlijk}.',
      'Zonder actie van u wordt de brief na afloop van de termijn automatisch verstuurd.',
    ],
    action: 'Kies in jeugdflow: goedkeuren, uitstellen of weigeren.',
  },
  'letter:siro-warning': {
    subject: 'Waarschuwing: achterstand in de realisatie van uw social return-verplichting',
    body: [
      'Geachte heer, mevrouw,',
      'Uit de periodieke controle in SIRO van {gecontroleerd} blijkt dat aanbieder {aanbieder} over de periode {periode} een achterstand heeft in de realisatie van de social return-verplichting (SROI): gerealiseerd {realisatie}, afgesproken {norm}.',
      'Deze brief wordt verstuurd ten behoeve van de dossiervorming. Wij verzoeken u de achterstand in te lopen en uw realisatie tijdig in SIRO te registreren. U kunt deze brief bespreken met uw contractmanager.',
    ],
  },
} as const satisfies MailTexts;
