// Schema pieces every procedure shares: a real calendar date, free text with a maximum and the BSN
// check, working-day counts. One place, so every machine refuses the same things with the same Dutch
// words. Pure: imports only zod.
import { z } from 'zod';

/** The years the working-day calendar supports; a date outside them can never start a term. */
export const MIN_DATE_YEAR = 1900;
export const MAX_DATE_YEAR = 2199;

/** The longest free text any field takes (a letter's worth). Keeps every case readable (Temporal's 2 MB). */
export const MAX_TEXT = 4000;
/** The longest short text (a title, a reference, a name of an organisation). */
export const MAX_SHORT_TEXT = 200;

// ---------------------------------------------------------------------------------------------
// BSN detection: one detector for every free-text field and every reason.

/** Nine digits passing the BSN eleven-test (elfproef): 9·d1 + 8·d2 + … + 2·d8 − 1·d9 ≡ 0 (mod 11), not all zeros. */
export function looksLikeBsn(digits: string): boolean {
  if (!/^\d{9}$/.test(digits) || digits === '000000000') return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(digits[i]) * (9 - i);
  sum -= Number(digits[8]);
  return sum % 11 === 0;
}

/**
 * Nine digits written together or grouped with single spaces, dots or dashes (`111222333`,
 * `111 222 333`, `1112.22.333`, `111-222-333`), not part of a longer number, that pass the eleven-test.
 */
const NINE_GROUPED_DIGITS = /(?<!\d[ .-]?)\d(?:[ .-]?\d){8}(?![ .-]?\d)/g;

const LONG_DIGIT_RUN = /\d{10,}/g;

/**
 * Every BSN-like number in a text, as written. With `withinLongerNumbers` (outgoing mail, case ids: the
 * last line of defence) every nine-digit window of a longer run of digits counts too.
 */
export function findBsnLikeNumbers(text: string, { withinLongerNumbers = false }: { withinLongerNumbers?: boolean } = {}): string[] {
  const found = new Set<string>();
  for (const candidate of text.match(NINE_GROUPED_DIGITS) ?? []) {
    if (looksLikeBsn(candidate.replace(/\D/g, ''))) found.add(candidate);
  }
  if (withinLongerNumbers) {
    for (const run of text.match(LONG_DIGIT_RUN) ?? []) {
      for (let i = 0; i + 9 <= run.length; i++) if (looksLikeBsn(run.slice(i, i + 9))) found.add(run);
    }
  }
  return [...found];
}

export function containsBsn(text: string): boolean {
  return findBsnLikeNumbers(text).length > 0;
}

export const NO_BSN_MESSAGE = 'Geen BSN of andere persoonsgegevens van de jeugdige in vrije tekst';

// ---------------------------------------------------------------------------------------------
// Dates

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A strict `YYYY-MM-DD` that is a real calendar date in the years the calendar supports. */
export function isRealIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < MIN_DATE_YEAR || year > MAX_DATE_YEAR || month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = month === 2 ? (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  return day <= daysInMonth;
}

/** A real calendar date (`2026-02-31` and `9999-12-31` are refused by the schema itself). */
export function isoDate(description?: string) {
  const schema = z
    .string()
    .regex(ISO_DATE, 'verwacht een datum als JJJJ-MM-DD')
    .refine(isRealIsoDate, { message: `geen bestaande datum tussen ${MIN_DATE_YEAR} en ${MAX_DATE_YEAR}` });
  return description ? schema.describe(description) : schema;
}

// ---------------------------------------------------------------------------------------------
// Text

export interface TextOptions {
  min?: number;
  max?: number;
}

/** Free text: trimmed, at least `min` and at most `max` characters (default MAX_TEXT), never a BSN. */
export function freeText(description?: string, { min = 1, max = MAX_TEXT }: TextOptions = {}) {
  const schema = z
    .string()
    .trim()
    .min(min, `minimaal ${min} teken${min === 1 ? '' : 's'}`)
    .max(max, `maximaal ${max} tekens`)
    .refine((s) => !containsBsn(s), { message: NO_BSN_MESSAGE });
  return description ? schema.describe(description) : schema;
}

/** A short free text (a title, a reference): at most MAX_SHORT_TEXT characters, never a BSN. */
export function shortText(description?: string, { min = 1, max = MAX_SHORT_TEXT }: TextOptions = {}) {
  return freeText(description, { min, max });
}

/**
 * The code of a provider (or another organisation): letters, digits, . _ -, at most 64 characters — a code,
 * never a person's name. `min: 2` for the procedures that always asked two characters or more.
 */
export function providerCode(description = 'Code van de aanbieder (geen persoon)', { min = 1 }: { min?: 1 | 2 } = {}) {
  const pattern = min === 2 ? /^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$/ : /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
  return z.string().regex(pattern, 'verwacht een code van de aanbieder (letters, cijfers, . _ -; hoogstens 64 tekens)').describe(description);
}

/** The largest amount a euro field takes: EUR 10 billion (above any provider's yearly revenue). */
export const MAX_EUROS = 10_000_000_000;

/** Is the amount a whole number of cents (at most two decimals, allowing for binary representation)? */
export function hasWholeCents(euros: number): boolean {
  return Number.isFinite(euros) && Math.abs(euros * 100 - Math.round(euros * 100)) < 1e-6;
}

/** An amount in euros as typed (at most two decimals) → whole cents, so machines compute without float drift. */
export function eurosToCents(euros: number): number {
  return Math.round(euros * 100);
}

/** An amount in euros: not negative, at most two decimals (whole cents), at most `max`. */
export function euroAmount(description?: string, { max = MAX_EUROS }: { max?: number } = {}) {
  const schema = z
    .number()
    .min(0, 'verwacht een bedrag van 0 euro of meer')
    .max(max, `verwacht een bedrag tot € ${String(max).replace(/\B(?=(\d{3})+(?!\d))/g, '.')}`)
    .refine(hasWholeCents, { message: 'verwacht een bedrag in euro met hoogstens twee decimalen' });
  return description ? schema.describe(description) : schema;
}

/** A number of working days for a term a party agrees (the legal terms themselves live in the machines' meta). */
export function workingDays(description?: string, { min = 1, max = 250 }: { min?: number; max?: number } = {}) {
  const schema = z.number().int('verwacht een heel aantal werkdagen').min(min).max(max);
  return description ? schema.describe(description) : schema;
}
