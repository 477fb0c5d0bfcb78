// Integrity rotation of the commissioning body's contract managers (002 Protocol contractmanagement, §2.3.2
// Integriteit): pure rules, no I/O. The store (`operations/rotation.ts`) loads the recorded assignments and
// former employers, asks these functions, and writes only what they allow.
//
// How the rules are read (choices are marked "keuze"):
// - Pairs ("koppels van 2 contractmanagers (een 1e en 2e verantwoordelijke)"): a provider with contract
//   managers has exactly two active ones, one 1st and one 2nd, two different people. A new pair is assigned
//   in one step (both positions); later one position is replaced at a time (the holder's assignment ends the
//   day before); a single assignment cannot be ended alone, only the pair together.
// - 4 years ("gemaximeerd op 4 jaar ingaande bij de contractperiode 2018"): per person per provider, the days
//   as 1st, 2nd or both (counted once) since 2018-01-01 add up (keuze: opgeteld, a gap does not restart the
//   term). One uninterrupted run starting on S may last until the day before S + 4 years; earlier runs shorten
//   that by their days. Warning from 3 months before the term ends.
// - 2 years ("niet binnen een periode van 2 jaar na vertrek bij een Opdrachtnemer"): the seed speaks of a
//   contract manager who *worked at* the provider. Their last day there is recorded; the two years run from
//   the day after, so the first day they may be assigned is that day two years later.
// A year or month later than a 29 February (or a 31st) that does not exist is the 1st of the next month for
// years (the period then lasts the whole year) and the month's last day when counting months back (warnings).
import { z } from 'zod';
import { addDays, addMonths, addYears, daysInclusive, dutchDate } from './dates.ts';
import { isoDate, providerCode as codeOfProvider, shortText } from './schemas.ts';
import { freezeLaw } from './immutable.ts';

export { addDays, addMonths, addYears, daysInclusive, dutchDate };

export const ROTATION_SEED = '002 §2.3.2 Integriteit';
export const PAIR_RULE =
  '002 §2.3.2: "Het 4-ogen principe. Het werken in koppels van 2 contractmanagers (een 1e en 2e verantwoordelijke)"';
export const TERM_RULE =
  '002 §2.3.2: "De termijn dat een contractmanager als 1e dan wel 2e of een combinatie van 1e en 2e aanspreekpunt verantwoordelijk is voor een aanbieder is gemaximeerd op 4 jaar ingaande bij de contractperiode 2018"';
export const COOLING_RULE =
  '002 §2.3.2: "Nieuw aangenomen contractmanagers/accounthouders kunnen niet binnen een periode van 2 jaar na vertrek bij een Opdrachtnemer als contractmanagers op deze leverancier worden ingezet"';

/** The first day that counts towards the 4 years: the contract period 2018. */
export const TERM_COUNTS_FROM = '2018-01-01';
export const TERM_YEARS = 4;
export const COOLING_YEARS = 2;
export const WARNING_MONTHS = 3;

export const POSITIONS = [1, 2] as const;
export type Position = (typeof POSITIONS)[number];
export const POSITION_LABELS: Record<Position, string> = { 1: '1e verantwoordelijke', 2: '2e verantwoordelijke' };

// ---------------------------------------------------------------------------------------------
// Schemas (what a person types)

export const providerCode = freezeLaw(codeOfProvider('Code van de aanbieder (geen persoon)'));
export const contractManagerId = freezeLaw(z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$/, 'verwacht een gebruikers-id (letters, cijfers, . _ @ -; hoogstens 100 tekens)')
  .describe('Gebruikers-id van de contractmanager'));

export const assignSchema = freezeLaw(z
  .object({
    provider: providerCode,
    first: contractManagerId.optional().describe('Gebruikers-id van de 1e verantwoordelijke (nieuw of vervanger)'),
    second: contractManagerId.optional().describe('Gebruikers-id van de 2e verantwoordelijke (nieuw of vervanger)'),
    from: isoDate('Eerste dag van de toewijzing'),
    until: isoDate('Laatste dag van de toewijzing (optioneel)').optional(),
  })
  .strict()
  .refine((d) => d.first !== undefined || d.second !== undefined, { message: 'noem de 1e of de 2e verantwoordelijke (of beide)', path: ['first'] })
  .refine((d) => d.first === undefined || d.first !== d.second, { message: 'de 1e en de 2e verantwoordelijke zijn twee verschillende personen', path: ['second'] })
  .refine((d) => d.until === undefined || d.until >= d.from, { message: 'de laatste dag ligt niet vóór de eerste dag', path: ['until'] }));
export type AssignRequest = z.infer<typeof assignSchema>;

export const endSchema = freezeLaw(z
  .object({
    provider: providerCode,
    until: isoDate('Laatste dag van het koppel op deze aanbieder'),
    reason: shortText('Reden (bijvoorbeeld: contract beëindigd)', { min: 3 }),
  })
  .strict());
export type EndRequest = z.infer<typeof endSchema>;

export const employmentSchema = freezeLaw(z
  .object({
    userId: contractManagerId,
    provider: providerCode,
    leftOn: isoDate('Laatste werkdag bij de aanbieder'),
  })
  .strict());
export type FormerEmployment = z.infer<typeof employmentSchema>;

// ---------------------------------------------------------------------------------------------
// Records and findings

export interface Assignment {
  id: number;
  userId: string;
  provider: string;
  position: Position;
  from: string;
  /** Last day (inclusive); open while absent. */
  until?: string | undefined;
}

export type FindingKind = 'pair' | 'term' | 'cooling' | 'history';

/** A refusal or a warning: Dutch, naming the rule. */
export interface RotationFinding {
  kind: FindingKind;
  /** The field of the request it is about (`first`, `second`, `from`, `until`, `provider`). */
  field: string;
  provider: string;
  userId?: string;
  message: string;
  rule: string;
}

export interface TermStatus {
  userId: string;
  provider: string;
  /** First day of the current uninterrupted run. */
  runStart: string;
  /** Days spent on this provider in earlier runs (since 2018). */
  daysBefore: number;
  /** The last day this person may be responsible for this provider. */
  lastDay: string;
  /** From this day on the end of the term is near (3 months before it ends). */
  warnFrom: string;
}

const isActiveOn = (a: { from: string; until?: string | undefined }, day: string) => a.from <= day && (a.until === undefined || a.until >= day);

// ---------------------------------------------------------------------------------------------
// The 4-year term

/**
 * The term of one person on one provider from their periods there (any position): periods are clipped to
 * 2018-01-01, merged where they overlap or adjoin, and the last run may last until the day before its start
 * plus 4 years, minus the days of the runs before it. Undefined when nothing counts yet.
 */
export function termStatus(userId: string, provider: string, periods: readonly { from: string; until?: string | undefined }[]): TermStatus | undefined {
  const clipped = periods
    .filter((p) => p.until === undefined || p.until >= TERM_COUNTS_FROM)
    .map((p) => ({ from: p.from < TERM_COUNTS_FROM ? TERM_COUNTS_FROM : p.from, until: p.until }))
    .sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  if (clipped.length === 0) return undefined;
  const runs: { from: string; until?: string | undefined }[] = [];
  for (const p of clipped) {
    const last = runs.at(-1);
    if (last && (last.until === undefined || addDays(last.until, 1) >= p.from)) {
      if (last.until !== undefined && (p.until === undefined || p.until > last.until)) last.until = p.until;
    } else runs.push({ ...p });
  }
  const current = runs.at(-1)!;
  const daysBefore = runs.slice(0, -1).reduce((sum, r) => sum + daysInclusive(r.from, r.until!), 0);
  const lastDay = addDays(addYears(current.from, TERM_YEARS), -1 - daysBefore);
  return { userId, provider, runStart: current.from, daysBefore, lastDay, warnFrom: addMonths(addDays(lastDay, 1), -WARNING_MONTHS) };
}

/** The first day a former employee of a provider may be assigned to it: two years after the day after leaving. */
export function firstDayAfterCooling(leftOn: string): string {
  return addYears(addDays(leftOn, 1), COOLING_YEARS);
}

// ---------------------------------------------------------------------------------------------
// Deciding

export interface RotationState {
  assignments: readonly Assignment[];
  employment: readonly FormerEmployment[];
}

export interface AssignPlan {
  /** Assignments whose holder is replaced: they end the day before the new one starts. */
  ends: { id: number; until: string }[];
  /** The new assignments. */
  adds: Omit<Assignment, 'id'>[];
  /** The term of each new person with this assignment, for the answer ("uiterlijk tot en met …"). */
  terms: TermStatus[];
}

export interface RotationDecision<P> {
  refusals: RotationFinding[];
  warnings: RotationFinding[];
  /** Present only when there are no refusals. */
  plan?: P;
}

const positionField = (p: Position) => (p === 1 ? 'first' : 'second');

/**
 * Decides an assignment: a new pair (both positions) on a provider without one, or the replacement of one
 * position of its pair. Refuses what breaks the pair, the 4-year term or the 2-year cooling period; warns
 * when the term of someone (new or staying) ends within 3 months of the start or of `today`.
 */
export function decideAssignment(request: AssignRequest, state: RotationState, today: string): RotationDecision<AssignPlan> {
  const refusals: RotationFinding[] = [];
  const warnings: RotationFinding[] = [];
  const { provider, from } = request;
  const onProvider = state.assignments.filter((a) => a.provider === provider);
  const pairOnFrom = onProvider.filter((a) => isActiveOn(a, from));
  const wanted = POSITIONS.flatMap((p) => {
    const userId = p === 1 ? request.first : request.second;
    return userId === undefined ? [] : [{ position: p, userId }];
  });

  // No rewriting history: nothing on this provider may start on or after the new start.
  const later = onProvider.find((a) => a.from >= from);
  if (later) {
    refusals.push({
      kind: 'history',
      field: 'from',
      provider,
      message: `Er is al een toewijzing op aanbieder ${provider} die op of na ${dutchDate(from)} begint (${dutchDate(later.from)}); een nieuwe toewijzing begint daarna.`,
      rule: PAIR_RULE,
    });
  }

  // Pairs: a provider without a pair gets both positions at once; a pair changes one holder at a time, never to the other holder.
  if (pairOnFrom.length === 0 && wanted.length < 2) {
    refusals.push({
      kind: 'pair',
      field: request.first === undefined ? 'first' : 'second',
      provider,
      message: `Aanbieder ${provider} heeft op ${dutchDate(from)} geen koppel: wijs de 1e én de 2e verantwoordelijke tegelijk toe.`,
      rule: PAIR_RULE,
    });
  }
  for (const w of wanted) {
    const holder = pairOnFrom.find((a) => a.position === w.position);
    if (holder?.userId === w.userId) {
      refusals.push({ kind: 'pair', field: positionField(w.position), provider, userId: w.userId, message: `${w.userId} is al ${POSITION_LABELS[w.position]} van aanbieder ${provider}.`, rule: PAIR_RULE });
    }
    const other = pairOnFrom.find((a) => a.position !== w.position);
    const otherStays = other !== undefined && !wanted.some((x) => x.position === other.position);
    if (otherStays && other.userId === w.userId) {
      refusals.push({
        kind: 'pair',
        field: positionField(w.position),
        provider,
        userId: w.userId,
        message: `${w.userId} is al ${POSITION_LABELS[other.position]} van aanbieder ${provider}: een koppel bestaat uit twee verschillende contractmanagers.`,
        rule: PAIR_RULE,
      });
    }
  }

  // Replaced holders end the day before; their periods as they will be.
  const ends = pairOnFrom.filter((a) => wanted.some((w) => w.position === a.position)).map((a) => ({ id: a.id, until: addDays(from, -1) }));
  const adds = wanted.map((w) => ({ userId: w.userId, provider, position: w.position, from, until: request.until }));
  const periodsOf = (userId: string) => [
    ...onProvider.filter((a) => a.userId === userId).map((a) => ({ from: a.from, until: ends.find((e) => e.id === a.id)?.until ?? a.until })),
    ...adds.filter((a) => a.userId === userId),
  ];

  const terms: TermStatus[] = [];
  for (const w of wanted) {
    const field = positionField(w.position);
    const term = termStatus(w.userId, provider, periodsOf(w.userId));
    if (term) {
      terms.push(term);
      if (from > term.lastDay) {
        refusals.push({
          kind: 'term',
          field: 'from',
          provider,
          userId: w.userId,
          message: `${w.userId} is al 4 jaar (sinds 2018 opgeteld) verantwoordelijk geweest voor aanbieder ${provider}: de termijn eindigde op ${dutchDate(term.lastDay)}.`,
          rule: TERM_RULE,
        });
      } else if (request.until !== undefined && request.until > term.lastDay) {
        refusals.push({
          kind: 'term',
          field: 'until',
          provider,
          userId: w.userId,
          message: `${w.userId} mag hoogstens tot en met ${dutchDate(term.lastDay)} verantwoordelijk zijn voor aanbieder ${provider} (4 jaar, sinds 2018 opgeteld); de toewijzing loopt tot ${dutchDate(request.until)}.`,
          rule: TERM_RULE,
        });
      } else if ((from >= term.warnFrom || today >= term.warnFrom) && (request.until === undefined || request.until >= term.warnFrom)) {
        warnings.push(termWarning(term));
      }
    }
    for (const e of state.employment.filter((x) => x.userId === w.userId && x.provider === provider)) {
      const firstDay = firstDayAfterCooling(e.leftOn);
      if (from < firstDay) {
        refusals.push({
          kind: 'cooling',
          field,
          provider,
          userId: w.userId,
          message: `${w.userId} werkte tot en met ${dutchDate(e.leftOn)} bij aanbieder ${provider} en mag daar pas vanaf ${dutchDate(firstDay)} contractmanager zijn (2 jaar na vertrek).`,
          rule: COOLING_RULE,
        });
      }
    }
  }
  // The holder who stays: their term may end soon too.
  for (const stays of pairOnFrom.filter((a) => !wanted.some((w) => w.position === a.position))) {
    const term = termStatus(stays.userId, provider, periodsOf(stays.userId));
    if (term && (from >= term.warnFrom || today >= term.warnFrom)) warnings.push(termWarning(term, from > today ? from : today));
  }
  return refusals.length > 0 ? { refusals, warnings } : { refusals, warnings, plan: { ends, adds, terms } };
}

function termWarning(term: TermStatus, on?: string): RotationFinding {
  const ended = on !== undefined && on > term.lastDay;
  return {
    kind: 'term',
    field: 'from',
    provider: term.provider,
    userId: term.userId,
    message: ended
      ? `De termijn van 4 jaar van ${term.userId} op aanbieder ${term.provider} eindigde op ${dutchDate(term.lastDay)}: wijs een opvolger toe.`
      : `De termijn van 4 jaar van ${term.userId} op aanbieder ${term.provider} eindigt op ${dutchDate(term.lastDay)}: regel tijdig een opvolger.`,
    rule: TERM_RULE,
  };
}

/** Ends the pair of a provider together (e.g. the contract ended); a single member is replaced, never ended alone. */
export function decideEnd(request: EndRequest, state: RotationState): RotationDecision<{ ends: { id: number; until: string }[] }> {
  const active = state.assignments.filter((a) => a.provider === request.provider && isActiveOn(a, request.until));
  if (active.length === 0) {
    return {
      refusals: [{ kind: 'pair', field: 'provider', provider: request.provider, message: `Aanbieder ${request.provider} heeft op ${dutchDate(request.until)} geen toegewezen contractmanagers.`, rule: PAIR_RULE }],
      warnings: [],
    };
  }
  return { refusals: [], warnings: [], plan: { ends: active.map((a) => ({ id: a.id, until: request.until })) } };
}

/** Refusal for ending one member alone (the CLI and console offer only the pair, this explains why). */
export function singleEndRefusal(provider: string): RotationFinding {
  return {
    kind: 'pair',
    field: 'userId',
    provider,
    message: `Eén contractmanager van aanbieder ${provider} kan niet alleen stoppen: dan blijft er geen koppel over. Wijs een vervanger toe op dezelfde positie, of beëindig het koppel.`,
    rule: PAIR_RULE,
  };
}

/**
 * The state of every provider on `today`: refusals-to-be (a provider without a complete pair, a term
 * exceeded) and warnings (a term ending within 3 months).
 */
export function reviewRotation(state: RotationState, today: string): { violations: RotationFinding[]; warnings: RotationFinding[]; terms: TermStatus[] } {
  const violations: RotationFinding[] = [];
  const warnings: RotationFinding[] = [];
  const terms: TermStatus[] = [];
  const providers = [...new Set(state.assignments.map((a) => a.provider))].sort();
  for (const provider of providers) {
    const onProvider = state.assignments.filter((a) => a.provider === provider);
    const active = onProvider.filter((a) => isActiveOn(a, today));
    const everActiveAfter = onProvider.some((a) => a.until === undefined || a.until >= today);
    const positions = new Set(active.map((a) => a.position));
    const people = new Set(active.map((a) => a.userId));
    if (everActiveAfter && (active.length !== 2 || positions.size !== 2 || people.size !== 2)) {
      violations.push({
        kind: 'pair',
        field: 'provider',
        provider,
        message: `Aanbieder ${provider} heeft op ${dutchDate(today)} geen volledig koppel (${active.length} actieve contractmanager${active.length === 1 ? '' : 's'}; nodig: een 1e en een 2e verantwoordelijke).`,
        rule: PAIR_RULE,
      });
    }
    for (const a of active) {
      const term = termStatus(a.userId, provider, onProvider.filter((x) => x.userId === a.userId && x.from <= today));
      if (!term) continue;
      terms.push(term);
      if (today > term.lastDay) {
        violations.push({ kind: 'term', field: 'until', provider, userId: a.userId, message: `${a.userId} is langer dan 4 jaar verantwoordelijk voor aanbieder ${provider}: de termijn eindigde op ${dutchDate(term.lastDay)}.`, rule: TERM_RULE });
      } else if (today >= term.warnFrom) warnings.push(termWarning(term));
    }
    for (const a of active) {
      for (const e of state.employment.filter((x) => x.userId === a.userId && x.provider === provider)) {
        if (a.from < firstDayAfterCooling(e.leftOn)) {
          violations.push({ kind: 'cooling', field: 'from', provider, userId: a.userId, message: `${a.userId} werkte tot en met ${dutchDate(e.leftOn)} bij aanbieder ${provider}: toegewezen binnen 2 jaar na vertrek.`, rule: COOLING_RULE });
        }
      }
    }
  }
  return { violations, warnings, terms };
}

/** One Dutch line per finding, naming its rule (CLI and console). */
export function describeFinding(f: RotationFinding): string {
  return `${f.message} (regel: ${f.rule})`;
}
