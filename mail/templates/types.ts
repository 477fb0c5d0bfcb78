// The shape of a mail template. Texts are Dutch with {placeholders}; only the placeholders below exist,
// and every one of them is a case fact that is never personal data (case number, procedure, provider
// code, state and deadline data, role names). A template cannot reach anything else. The type itself is
// in machines/types.ts, so a procedure keeps its texts beside its machine.
export type { MailTemplate, MailTexts } from '../../machines/types.ts';

export const PLACEHOLDERS = {
  zaak: 'zaaknummer',
  procedure: 'titel van de procedure',
  aanbieder: 'code van de aanbieder',
  status: 'huidige stap (label van de toestand)',
  rol: 'de rol(len) van de ontvanger',
  termijn: 'label van de termijn waar het bericht over gaat',
  uiterlijk: 'einddatum van die termijn, voluit (maandag 13 april 2026)',
  toelichting: 'hoe de einddatum is berekend',
  regel: 'de regel waar de termijn uit volgt',
  wie: 'wie uiterlijk op de einddatum moet handelen',
  resterend: 'resterende werkdagen tot de einddatum ("5 werkdagen")',
  brief: 'titel van een automatische brief',
} as const;
export type Placeholder = keyof typeof PLACEHOLDERS;
