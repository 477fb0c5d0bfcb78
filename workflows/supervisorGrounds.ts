// The grounds a supervisor gives for a fix: a closed list with Dutch labels, and which grounds fit which
// fix. Plain data (no imports), so the CLI's help can name them without loading the engine.

/** The grounds a supervisor may give, with their Dutch labels: a closed list. */
export const SUPERVISOR_GROUNDS = {
  'bezwaar-loopt': 'Bezwaar loopt',
  'afspraak-partijen': 'Afspraak tussen partijen',
  'fout-in-registratie': 'Fout in de registratie',
  overmacht: 'Overmacht (ziekte, calamiteit)',
  storing: 'Technische storing (jeugdflow of e-mail)',
  'grond-vervallen': 'De grond voor het stilzetten is vervallen',
  'wisseling-behandelaar': 'Afwezigheid of wisseling van behandelaar',
  'dubbele-zaak': 'Zaak dubbel of ten onrechte aangemaakt',
  'nieuwe-versie': 'Nieuwe versie van de procedure (gewijzigde regels)',
  'taak-opgepakt': 'Taak opgepakt of overgedragen aan een collega',
} as const;
export type SupervisorGround = keyof typeof SUPERVISOR_GROUNDS;
export interface SupervisorGroundRef {
  code: SupervisorGround;
  label: string;
}

/** Which grounds fit which fix. */
export const GROUNDS_PER_FIX = {
  'deadline.extended': ['bezwaar-loopt', 'afspraak-partijen', 'fout-in-registratie', 'overmacht', 'storing'],
  'clock.suspended': ['bezwaar-loopt', 'afspraak-partijen', 'overmacht', 'storing'],
  'clock.resumed': ['grond-vervallen', 'fout-in-registratie'],
  'case.reassigned': ['wisseling-behandelaar', 'fout-in-registratie', 'taak-opgepakt'],
  'reminder.resent': ['storing', 'fout-in-registratie'],
  'case.cancelled': ['dubbele-zaak', 'fout-in-registratie', 'afspraak-partijen'],
  'case.migrated': ['nieuwe-versie', 'afspraak-partijen'],
} as const satisfies Record<string, readonly [SupervisorGround, ...SupervisorGround[]]>;
