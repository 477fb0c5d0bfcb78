// The shape of a mail template. Texts are Dutch with {placeholders}; only the placeholders below exist,
// and every one of them is a case fact that is never personal data (case number, procedure, provider
// code, state and deadline data, role names). A template cannot reach anything else.

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

export interface MailTemplate {
  /** Subject without the case number: the renderer appends " – zaak <nummer>". */
  subject: string;
  /** Paragraphs. A paragraph with a placeholder that has no value for this mail is left out. */
  body: readonly string[];
  /** What the recipient is expected to do, shown emphasised. Left out like a paragraph. */
  action?: string;
}

/** Templates of one procedure, keyed by the `template` of its `notify` actions. */
export type TemplateSet = Readonly<Record<string, MailTemplate>>;
