// The mail texts of the termination of care by a provider (machines/careTerminationMachine.ts).
// Personal data of the youth never appears in a mail: the recipient opens the case in jeugdflow and
// sees it there only if their role may (and never, for the commissioning body, in an opt-out case).
import type { MailTexts } from './types.ts';

export const careTerminationMail = {
  'consent-form-submitted': {
    subject: 'Beëindiging jeugdhulp: formulier toestemming ingediend',
    body: [
      'Aanbieder {aanbieder} heeft in zaak {zaak} het "Formulier toestemming beëindiging Jeugdhulp" ingediend.',
      'Uw besluit is nodig binnen de termijn "{termijn}", uiterlijk {uiterlijk}.',
    ],
    action: 'Neem in jeugdflow een besluit over de beëindiging.',
  },
  'consent-form-copy': {
    subject: 'Beëindiging jeugdhulp: kopie van het verzoek (aanbieder {aanbieder})',
    body: [
      'Ter informatie: aanbieder {aanbieder} heeft in zaak {zaak} toestemming gevraagd om jeugdhulp te beëindigen. De casusregisseur beslist.',
    ],
  },
  'decision-overdue': {
    subject: 'Beëindiging jeugdhulp: besluittermijn verstreken',
    body: ['De termijn voor het besluit van de casusregisseur in zaak {zaak} is verstreken. De jeugdhulp loopt door tot er een besluit is.'],
    action: 'Neem in jeugdflow alsnog een besluit.',
  },
  'consent-granted': {
    subject: 'Beëindiging jeugdhulp: toestemming verleend',
    body: [
      'De casusregisseur heeft in zaak {zaak} toestemming verleend voor beëindiging van de jeugdhulp door aanbieder {aanbieder}.',
      'De jeugdhulp loopt door tot er een definitieve oplossing is; bij overdracht volgt een warme overdracht.',
    ],
  },
  'consent-refused': {
    subject: 'Beëindiging jeugdhulp: toestemming geweigerd',
    body: ['De casusregisseur heeft in zaak {zaak} geen toestemming gegeven voor beëindiging. De jeugdhulp door aanbieder {aanbieder} loopt door.'],
  },
  'care-terminated': {
    subject: 'Beëindiging jeugdhulp: jeugdhulp beëindigd',
    body: ['De jeugdhulp in zaak {zaak} is met toestemming beëindigd door aanbieder {aanbieder}.'],
  },
  'termination-withdrawn': {
    subject: 'Beëindiging jeugdhulp: verzoek ingetrokken',
    body: ['Aanbieder {aanbieder} heeft het verzoek tot beëindiging in zaak {zaak} ingetrokken. De jeugdhulp loopt door.'],
  },
  'solution-proposed': {
    subject: 'Beëindiging jeugdhulp: aanbieder stelt een definitieve oplossing voor',
    body: [
      'Aanbieder {aanbieder} stelt in zaak {zaak} een definitieve oplossing voor. De jeugdhulp loopt door tot u een definitieve oplossing bevestigt.',
    ],
    action: 'Bevestig in jeugdflow de definitieve oplossing, of leg vast dat voortzetting in redelijkheid niet van de aanbieder kan worden verlangd.',
  },
  'solution-confirmed': {
    subject: 'Beëindiging jeugdhulp: definitieve oplossing bevestigd',
    body: [
      'De casusregisseur heeft in zaak {zaak} de definitieve oplossing bevestigd.',
      'Bij overdracht werkt aanbieder {aanbieder} mee aan een warme overdracht; daarna kan de jeugdhulp worden beëindigd.',
    ],
  },
  'continuation-waived': {
    subject: 'Beëindiging jeugdhulp: voortzetting niet te verlangen',
    body: [
      'De casusregisseur oordeelt in zaak {zaak} dat voortzetting van de jeugdhulp tot een definitieve oplossing in redelijkheid niet van aanbieder {aanbieder} kan worden verlangd. De grond staat in het dossier.',
    ],
  },
  'care-refused': {
    subject: 'Signaal: Weigering Jeugdhulp (aanbieder {aanbieder})',
    body: [
      'In zaak {zaak} is vastgelegd dat aanbieder {aanbieder} (verdere) jeugdhulp weigert. Dit is een signaal voor contractmanagement (art. 6.1.2).',
    ],
    action: 'De casusregisseur zorgt voor voortzetting van de hulp; de contractmanager bespreekt het signaal met de aanbieder.',
  },
} as const satisfies MailTexts;
