// Automatic letters with a veto window (e.g. the SIRO warning letter of seed 002): before the letter goes
// out the contract manager is asked to approve, postpone or refuse it (template `letter.vetoRequested`);
// without action it is sent when the window ends. The letter itself is the `notify` template
// `letter:<name>`. A letter's facts come in `params.data`, checked against its strict schema, so a
// letter can only ever show the fields it declares (never personal data).
import { z } from 'zod';
import { formatDutchDate } from '../../calendar/index.ts';
import { automaticLetterMail } from '../../machines/automaticLetter.mail.ts';
import { LETTER_DATA, type AutomaticLetterName } from '../../machines/automaticLetterMachine.ts';
import type { MailTemplate } from './types.ts';

export interface LetterDefinition<S extends z.ZodType = z.ZodType> {
  /** Dutch title, also the subject. */
  title: string;
  /** Seed rule the letter comes from. */
  rule: string;
  /** The letter's facts: a strict object schema of case facts, never personal data. */
  data: S;
  /** Placeholders the letter adds, from its data. */
  vars: (data: z.infer<S>) => Record<string, string>;
  letter: MailTemplate;
}

/** Keeps the data type for `vars` while the registry holds letters of any shape. */
function defineLetter<S extends z.ZodType>(def: LetterDefinition<S>): LetterDefinition {
  return def as unknown as LetterDefinition;
}

const percent = (n: number) => `${n.toLocaleString('nl-NL', { maximumFractionDigits: 2 })}%`;

const siroWarning = defineLetter({
  title: 'Waarschuwingsbrief SROI (SIRO)',
  rule: '002 Begrippenlijst, "SIRO (waarschuwingbrief)"; 002 §2.2.4 Social Return',
  // The machine's start schema checks a case's letter data against this same schema.
  data: LETTER_DATA['siro-warning'],
  vars: (d) => ({
    periode: d.period,
    realisatie: percent(d.realisedPercent),
    norm: percent(d.targetPercent),
    gecontroleerd: formatDutchDate(d.checkedOn),
  }),
  // The text lives with the procedure (machines/automaticLetter.mail.ts).
  letter: automaticLetterMail['letter:siro-warning'],
});

/** Every letter the automatic-letter machine can send: a letter name without a definition does not compile. */
export const LETTERS: Readonly<Record<string, LetterDefinition>> = {
  'siro-warning': siroWarning,
} satisfies Record<AutomaticLetterName, LetterDefinition>;

/** `letter:<name>` → name. */
export const LETTER_TEMPLATE_PREFIX = 'letter:';

/** Placeholders a letter may use besides the common ones. */
export const LETTER_PLACEHOLDERS: Readonly<Record<string, readonly string[]>> = {
  'siro-warning': ['periode', 'realisatie', 'norm', 'gecontroleerd'],
};

/** To the contract manager when the veto window opens (and again after a postponement). */
export const VETO_REQUEST_TEMPLATE = 'letter.vetoRequested';

export const vetoRequestTemplate: MailTemplate = automaticLetterMail[VETO_REQUEST_TEMPLATE];

/** Added under a letter: how it was sent. */
export const LETTER_SENT_AUTOMATICALLY = 'Deze brief is automatisch verstuurd: de contractmanager heeft binnen de gestelde termijn geen bezwaar gemaakt.';
export const LETTER_SENT_APPROVED = 'Deze brief is verstuurd na akkoord van de contractmanager.';
