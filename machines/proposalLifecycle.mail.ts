// The mail texts of the proposal lifecycle at the development tables (machines/proposalLifecycleMachine.ts).
import type { MailTexts } from './types.ts';

export const proposalLifecycleMail = {
  'proposal.submitted': {
    subject: 'Ontwikkeltafel: nieuw voorstel ingediend',
    body: [
      'In zaak {zaak} is een voorstel voor de ontwikkeltafel ingediend (aanbieder {aanbieder}).',
      'De zaak staat nu op: {status}.',
    ],
    action: 'Neem in jeugdflow het agendabesluit.',
  },
  'proposal.routedToIndividual': {
    subject: 'Ontwikkeltafel: voorstel doorgeleid naar individueel contractmanagement',
    body: [
      'Het voorstel in zaak {zaak} is niet gericht op het collectief en wordt daarom niet aan de ontwikkeltafel geagendeerd. Het wordt besproken in het individuele contractmanagement.',
    ],
  },
  'proposal.onAgenda': {
    subject: 'Ontwikkeltafel: voorstel geagendeerd',
    body: [
      'Het voorstel in zaak {zaak} is geagendeerd aan de ontwikkeltafel.',
      'De zaak staat nu op: {status}.',
      'Termijn: "{termijn}", uiterlijk {uiterlijk}.',
    ],
  },
  'proposal.notOnAgenda': {
    subject: 'Ontwikkeltafel: voorstel niet geagendeerd',
    body: ['Het voorstel in zaak {zaak} is niet geagendeerd. De afweging staat in het dossier van de zaak.'],
  },
  'proposal.subAssignmentGiven': {
    subject: 'Ontwikkeltafel: deelopdracht gegeven',
    body: [
      'In zaak {zaak} is schriftelijk een deelopdracht gegeven voor de uitwerking van het voorstel.',
      'De zaak staat nu op: {status}.',
      'Termijn: "{termijn}", uiterlijk {uiterlijk}.',
    ],
  },
  'proposal.decisionRequested': {
    subject: 'Ontwikkeltafel: uitgewerkt voorstel ter besluitvorming',
    body: [
      'Het uitgewerkte voorstel in zaak {zaak} is ter besluitvorming voorgelegd.',
      'De zaak staat nu op: {status}.',
    ],
    action: 'Neem in jeugdflow een besluit over het voorstel.',
  },
  'proposal.forwardedToMunicipality': {
    subject: 'Ontwikkeltafel: voorstel doorgeleid naar de gemeente',
    body: ['Het uitgewerkte voorstel in zaak {zaak} valt onder het mandaat van de individuele gemeente en is aan u doorgeleid ter besluitvorming.'],
    action: 'Neem in jeugdflow een besluit over het voorstel.',
  },
  'proposal.accepted': {
    subject: 'Ontwikkeltafel: voorstel aangenomen',
    body: [
      'Het uitgewerkte voorstel in zaak {zaak} is aangenomen.',
      'De zaak staat nu op: {status}.',
    ],
  },
  'proposal.rejected': {
    subject: 'Ontwikkeltafel: voorstel afgewezen',
    body: ['Het uitgewerkte voorstel in zaak {zaak} is afgewezen; de overeenkomst blijft ongewijzigd. De motivering staat in het dossier.'],
  },
  'proposal.contractAmended': {
    subject: 'Ontwikkeltafel: overeenkomst gewijzigd',
    body: [
      'Naar aanleiding van het aangenomen voorstel in zaak {zaak} is de overeenkomst gewijzigd (art. 2.4 lid 1 Algemeen Deel).',
      'Een aanbieder die niet met de wijziging instemt, kan de overeenkomst opzeggen (art. 2.9 Algemeen Deel).',
    ],
  },
  'proposal.terminationNoticed': {
    subject: 'Ontwikkeltafel: opzegging door aanbieder {aanbieder} na wijziging',
    body: ['Aanbieder {aanbieder} heeft in zaak {zaak} de overeenkomst opgezegd na de wijziging (art. 2.9 Algemeen Deel).'],
  },
  'proposal.recoveryPeriodEnded': {
    subject: 'Ontwikkeltafel: herstelperiode verstreken',
    body: [
      'De afgesproken herstelperiode in zaak {zaak} is verstreken. Het verstrijken alleen is geen grond voor ontbinding.',
      'De zaak staat nu op: {status}.',
    ],
    action: 'Leg in jeugdflow vast of de opgave na de herstelperiode is behaald of nog niet is behaald, met wat u hebt vastgesteld.',
  },
  'proposal.recoveryFailed': {
    subject: 'Ontwikkeltafel: herstel niet geslaagd',
    body: [
      'In zaak {zaak} is na de herstelperiode vastgesteld dat de opgave nog niet is behaald. Dit is een grond voor directe ontbinding van de overeenkomst.',
      'De zaak staat nu op: {status}.',
    ],
    action: 'Kies in jeugdflow de vervolgstap.',
  },
  'proposal.escalationOffered': {
    subject: 'Ontwikkeltafel: escalatieladder aangeboden op trede 7',
    body: ['In zaak {zaak} is de escalatieladder aangeboden op trede 7 (beëindiging) ten aanzien van aanbieder {aanbieder}.'],
  },
} as const satisfies MailTexts;
