// Mail templates of the termination of care by a provider (machines/careTerminationMachine.ts).
// Personal data of the youth never appears in a mail: the recipient opens the case in jeugdflow and
// sees it there only if their role may (and never, for the commissioning body, in an opt-out case).
import type { TemplateSet } from './types.ts';

export const careTerminationTemplates = {
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
} as const satisfies TemplateSet;
