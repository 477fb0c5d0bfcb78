// The mail texts of the definitive financial settlement of a contract year (machines/finalSettlementMachine.ts).
import type { MailTexts } from './types.ts';

export const finalSettlementMail = {
  'declarations-target-passed': {
    subject: 'Streefdatum afhandeling declaraties verstreken (aanbieder {aanbieder})',
    body: ['In zaak {zaak} zijn nog niet alle declaraties afgestemd, terwijl het streven was dit uiterlijk in november van het daaropvolgende jaar af te ronden.'],
    action: 'Stem af welke declaraties nog openstaan en leg vast wanneer alles is afgehandeld.',
  },
  'board-statement-requested': {
    subject: 'Bestuurlijke verklaring gevraagd over het verschil (aanbieder {aanbieder})',
    body: ['In zaak {zaak} is meer gedeclareerd dan in de productieverantwoording staat. U wordt gevraagd over dit verschil een bestuurlijke verklaring te overleggen.'],
    action: 'Lever de bestuurlijke verklaring aan via jeugdflow.',
  },
  'repayment-requested': {
    subject: 'Terugbetaling van het verschil (aanbieder {aanbieder})',
    body: ['In zaak {zaak} is abusievelijk te veel gedeclareerd omdat een verantwoording voor de ondersteuning ontbreekt. Het verschil dient te worden terugbetaald aan de gemeente.'],
    action: 'Betaal het verschil terug; de contractmanager legt de ontvangst vast.',
  },
  'final-letter-sent': {
    subject: 'Brief definitieve financiële afronding (aanbieder {aanbieder})',
    body: ['De gemeente heeft in zaak {zaak} de brief ter definitieve financiële afronding verstuurd.'],
  },
} as const satisfies MailTexts;
