// Social return (SROI) of one contracted provider (002 Protocol contractmanagement GR Jeugdhulp Rijnmond, §2.2.4
// "SROI (artikel 3.15 van de overeenkomst)"). The seed, word for word:
//   "Binnen zeven kalenderdagen na definitieve gunning van de opdracht dient de Opdrachtnemer contact op te nemen
//    met het coördinatiepunt Social Return van de gemeente Rotterdam […]"
//   "Alle afspraken in het kader van social return moeten in overleg met de coördinatiepunt Social Return
//    schriftelijk worden vastgelegd en maken onlosmakelijk deel uit van de overeenkomst."
//   "Daar waar het opdrachten A, E en F betreft is er sprake van een inspanningsverplichting van 2 %. Voor de
//    opdrachten B, C en D betreft het een resultaatverplichting van 2%."
//   "Het niet voldoen aan de verplichting resulteert in een boete van 125% van het openstaande bedrag. Indien de
//    totale jaarlijkse opdrachtwaarde onder € 50.000, - ligt, wordt van de Opdrachtnemer maximale inspanning
//    gevraagd om tot invulling van de social return te komen."
// and the glossary (002 Begrippenlijst, "SIRO (waarschuwingbrief)"): a backlog found in SIRO leads to an
// automatic warning letter, which the contract manager may approve, postpone or refuse first.
//
// Flow: awaitingDeskContact (7 calendar days from the award date, moved to the next working day per the
// Algemene termijnenwet; overdue child) → running (written agreements with the desk; the desk's shortfall
// reports, each proposing the SIRO warning letter — the `automatic-letter` procedure — with its start data
// prefilled, and the link to the letter's case once started) → assessed (the realisation at the end of the
// period, the shortfall and the fine of 125% of it, computed in euro cents).
//
// The machine starts no other case itself (machines are pure): a shortfall report records the suggested start
// of the warning letter in the context (`warningLetters[].suggestedStart`, checked against the automatic letter's
// own start schema), returns the effect `offerWarningLetter` with that start data and mails the contract manager;
// whoever starts the letter records its case number here (`warningLetter.started`), which links the two.
import { assertEvent, assign, setup } from 'xstate';
import { z } from 'zod';
import { LETTER_DATA } from './automaticLetterMachine.ts';
import { amsterdamDay, dayNumber } from './dates.ts';
import { stamped } from './immutable.ts';
import { withOverdue } from './patterns.ts';
import { sroiMail } from './sroi.mail.ts';
import { containsBsn, freeText, isoDate, providerCode as codeOfProvider, shortText, euroAmount, eurosToCents } from './schemas.ts';
import {
  defineProcedure,
  type DeadlineDefinition,
  type EventTable,
  type EventsOf,
  type MachineInput,
  type Role,
  type StartCheckContext,
  type StartRefusal,
  type StateMeta,
} from './types.ts';

const SEED = '002 Protocol contractmanagement GR Jeugdhulp Rijnmond, §2.2.4 SROI (artikel 3.15 van de overeenkomst)';
const RULE = '002 §2.2.4';

export const CONTACT_RULE =
  `${RULE}: "Binnen zeven kalenderdagen na definitieve gunning van de opdracht dient de Opdrachtnemer contact op te nemen ` +
  'met het coördinatiepunt Social Return van de gemeente Rotterdam"';
export const AGREEMENTS_RULE =
  `${RULE}: "Alle afspraken in het kader van social return moeten in overleg met de coördinatiepunt Social Return schriftelijk ` +
  'worden vastgelegd en maken onlosmakelijk deel uit van de overeenkomst."';
export const OBLIGATION_RULE =
  `${RULE}: "Daar waar het opdrachten A, E en F betreft is er sprake van een inspanningsverplichting van 2 %. Voor de opdrachten ` +
  'B, C en D betreft het een resultaatverplichting van 2%."';
export const THRESHOLD_RULE =
  `${RULE}: "Indien de totale jaarlijkse opdrachtwaarde onder € 50.000, - ligt, wordt van de Opdrachtnemer maximale inspanning ` +
  'gevraagd om tot invulling van de social return te komen."';
export const FINE_RULE = `${RULE}: "Het niet voldoen aan de verplichting resulteert in een boete van 125% van het openstaande bedrag."`;
export const WARNING_RULE =
  `${RULE}; 002 Begrippenlijst, SIRO (waarschuwingbrief): "Wanneer er sprake is van een achterstand op de realisatie wordt er ` +
  'automatisch een waarschuwing mail (waarschuwingbrief) verstuurd ten behoeve van de dossiervorming naar de aanbieder."';

/** The contact term: 7 calendar days after the final award (002 §2.2.4), moved to the next working day (Atw art. 1). */
export const CONTACT_TERM_DAYS = 7;
export const CONTACT_TERM_REMINDERS: readonly number[] = [2];
/** The obligation: 2% of the yearly contract value, effort or result by assignment (opdracht). */
export const OBLIGATION_PERCENT = 2;
/** Below this yearly contract value (in cents: EUR 50,000.00) only maximum effort is asked. */
export const EFFORT_ONLY_BELOW_CENTS = 5_000_000;
/** The fine: 125% of the outstanding amount. */
export const FINE_PERCENT = 125;
/**
 * (keuze) How late an award may still be registered: the contact term that counts from it ended at most this
 * many days before the case is registered. Older award dates are more likely a typing error than a late case.
 */
export const LATE_REGISTRATION_DAYS = 28;

// ---------------------------------------------------------------------------------------------
// Money: whole euro cents, never floats in the computation.

export { eurosToCents } from './schemas.ts';

/** a × p / 100 for whole cents and a whole percentage, rounded half up to a whole cent: integer arithmetic only. */
export function percentOfCents(cents: number, percent: number): number {
  if (!Number.isSafeInteger(cents) || cents < 0 || !Number.isInteger(percent) || percent < 0) {
    throw new RangeError(`percentOfCents needs whole non-negative cents and percent (got ${cents}, ${percent})`);
  }
  const product = cents * percent;
  if (!Number.isSafeInteger(product)) throw new RangeError(`amount too large: ${cents} cents × ${percent}%`);
  const remainder = product % 100;
  return (product - remainder) / 100 + (remainder >= 50 ? 1 : 0);
}

/** Cents as Dutch euros: 123456 → "€ 1.234,56". */
export function formatEuroCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const euros = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${sign}€ ${euros},${(abs % 100).toString().padStart(2, '0')}`;
}

// ---------------------------------------------------------------------------------------------
// The obligation and the fine: pure law.

/** The assignments (opdrachten A t/m F, "zoals binnen het Beschrijvend Document benoemd"). */
export const ASSIGNMENTS = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
export type Assignment = (typeof ASSIGNMENTS)[number];
export const EFFORT_ASSIGNMENTS: readonly Assignment[] = ['A', 'E', 'F'];
export const RESULT_ASSIGNMENTS: readonly Assignment[] = ['B', 'C', 'D'];

export type ObligationKind = 'inspanningsverplichting' | 'resultaatverplichting' | 'maximale-inspanning';

export interface SroiObligation {
  kind: ObligationKind;
  /** 2% of the yearly contract value. */
  percent: number;
  /** The amount of social return asked, in cents (2% of the yearly value, rounded half up). */
  amountCents: number;
  /** The seed sentence it follows from. */
  rule: string;
}

/**
 * The social return obligation of a provider for one year (002 §2.2.4): below EUR 50,000 yearly contract value
 * only maximum effort; otherwise an effort obligation of 2% for assignments A, E and F and a result obligation of
 * 2% for B, C and D. "Onder € 50.000" is strict: exactly EUR 50,000.00 is not below it.
 */
export function sroiObligation({ assignment, yearlyValueCents }: { assignment: Assignment; yearlyValueCents: number }): SroiObligation {
  const amountCents = percentOfCents(yearlyValueCents, OBLIGATION_PERCENT);
  if (yearlyValueCents < EFFORT_ONLY_BELOW_CENTS) return { kind: 'maximale-inspanning', percent: OBLIGATION_PERCENT, amountCents, rule: THRESHOLD_RULE };
  if (EFFORT_ASSIGNMENTS.includes(assignment)) return { kind: 'inspanningsverplichting', percent: OBLIGATION_PERCENT, amountCents, rule: OBLIGATION_RULE };
  return { kind: 'resultaatverplichting', percent: OBLIGATION_PERCENT, amountCents, rule: OBLIGATION_RULE };
}

export interface SroiSettlement {
  /** The outstanding amount: what was asked minus what was realised, never below zero. */
  shortfallCents: number;
  /** Whether the obligation was not met (and the fine applies). */
  notMet: boolean;
  /** 125% of the outstanding amount when the obligation was not met, else 0. */
  fineCents: number;
}

/**
 * The fine at the end of the period (002 §2.2.4): "een boete van 125% van het openstaande bedrag". A result
 * obligation is not met when anything is outstanding. (keuze) An effort obligation (A, E, F; and every contract
 * below EUR 50,000: maximum effort) is not met only when the contract manager finds the effort insufficient: an
 * outstanding amount alone does not break an obligation to try.
 */
export function sroiSettlement({
  obligation,
  realisedCents,
  effortSufficient,
}: {
  obligation: Pick<SroiObligation, 'kind' | 'amountCents'>;
  realisedCents: number;
  effortSufficient?: boolean;
}): SroiSettlement {
  if (!Number.isSafeInteger(realisedCents) || realisedCents < 0) throw new RangeError(`realisedCents must be whole non-negative cents (got ${realisedCents})`);
  const shortfallCents = Math.max(0, obligation.amountCents - realisedCents);
  const notMet = shortfallCents > 0 && (obligation.kind === 'resultaatverplichting' || effortSufficient === false);
  return { shortfallCents, notMet, fineCents: notMet ? percentOfCents(shortfallCents, FINE_PERCENT) : 0 };
}

// ---------------------------------------------------------------------------------------------
// Schemas

const providerCode = codeOfProvider('Code van de jeugdhulpaanbieder (geen persoon)');

/** A contract year or part of it, in the form the SIRO letter takes (JJJJ, JJJJ-Qn, JJJJ-Hn, JJJJ-MM). */
const PERIOD_PATTERN = /^\d{4}(-(Q[1-4]|H[12]|0[1-9]|1[0-2]))?$/;
const period = (description: string) => z.string().regex(PERIOD_PATTERN, 'Periode als JJJJ, JJJJ-Qn, JJJJ-Hn of JJJJ-MM').describe(description);

export const startSchema = z
  .object({
    provider: providerCode,
    assignment: z.enum(ASSIGNMENTS).describe('Opdracht (A t/m F, zoals in het Beschrijvend Document): bepaalt inspannings- of resultaatverplichting'),
    yearlyContractValue: euroAmount('Totale jaarlijkse opdrachtwaarde in euro (bepaalt de 2% en de grens van € 50.000)'),
    awardDate: isoDate('Datum van de definitieve gunning (JJJJ-MM-DD): de contacttermijn van 7 kalenderdagen telt vanaf hier'),
    period: period('Periode van de verplichting (JJJJ, JJJJ-Qn, JJJJ-Hn of JJJJ-MM), bijv. het contractjaar'),
  })
  .strict();
export type SroiStart = z.infer<typeof startSchema>;

const deskContactedSchema = z
  .object({
    contactedOn: isoDate('Datum waarop contact is opgenomen met het coördinatiepunt Social Return'),
    note: freeText('Hoe contact is opgenomen (telefoon, e-mail) en met welk resultaat', { min: 3 })
      .optional()
      .describe('Hoe contact is opgenomen (telefoon, e-mail) en met welk resultaat (optioneel)'),
  })
  .strict();

const agreementsRecordedSchema = z
  .object({
    agreedOn: isoDate('Datum waarop de afspraken schriftelijk zijn vastgelegd'),
    reference: shortText('Verwijzing naar het schriftelijke document met de afspraken', { min: 3 }),
    summary: freeText('Korte inhoud van de afspraken over de invulling van de social return', { min: 10 }),
  })
  .strict();

const siroFacts = LETTER_DATA['siro-warning'].shape;
const shortfallReportedSchema = z
  .object({
    period: siroFacts.period,
    realisedPercent: siroFacts.realisedPercent,
    checkedOn: siroFacts.checkedOn,
    note: freeText('Toelichting van het coördinatiepunt of uit SIRO (optioneel)', { min: 3 }).optional().describe('Toelichting van het coördinatiepunt of uit SIRO (optioneel)'),
  })
  .strict();

/** A case number as the engine takes it (workflows/constants.ts CASE_ID_PATTERN; machines do not import workflows/). */
const CASE_NUMBER = /^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$/;
const warningLetterStartedSchema = z
  .object({
    letterCaseId: z
      .string()
      .regex(CASE_NUMBER, 'een zaaknummer: 3–64 letters, cijfers, . _ of -')
      .refine((s) => !containsBsn(s), { message: 'Een zaaknummer is nooit een BSN' })
      .describe('Zaaknummer van de gestarte waarschuwingsbrief (procedure "Automatische brief met vetotermijn")'),
  })
  .strict();

/** The contract manager's judgement of the effort: a choice made on purpose, never an unchecked box meaning "no". */
export const EFFORT_JUDGEMENTS = ['voldoende', 'onvoldoende'] as const;

const realisationRecordedSchema = z
  .object({
    realisedAmount: euroAmount('Gerealiseerde social return over de periode, in euro (volgens SIRO)'),
    effortJudgement: z
      .enum(EFFORT_JUDGEMENTS)
      .optional()
      .describe('Alleen bij een inspanningsverplichting of maximale inspanning: was de inspanning van de aanbieder voldoende of onvoldoende?'),
    checkedOn: isoDate('Datum van de vaststelling in SIRO'),
    explanation: freeText('Toelichting bij de vaststelling', { min: 10 }),
  })
  .strict();

const expirySchema = z.object({ deadline: z.literal('contactTerm').describe('Naam van de verstreken termijn') }).strict();

// ---------------------------------------------------------------------------------------------
// Context

/** The start data of the SIRO warning letter (the `automatic-letter` procedure), prefilled from a shortfall report. */
export interface WarningLetterStart {
  provider: string;
  letter: 'siro-warning';
  data: { period: string; realisedPercent: number; targetPercent: number; checkedOn: string };
}

export interface ShortfallReport {
  period: string;
  realisedPercent: number;
  checkedOn: string;
  note?: string;
  reportedAt: string;
  reportedBy: string;
  /** The warning letter this report calls for: start it as `automatic-letter` with this data. */
  suggestedStart: { procedure: 'automatic-letter'; data: WarningLetterStart };
  /** The case number of the warning letter, once started. */
  letterCaseId?: string;
  linkedAt?: string;
}

export interface SroiAssessment extends SroiSettlement {
  realisedCents: number;
  effortSufficient?: boolean;
  checkedOn: string;
  explanation: string;
  assessedAt: string;
  assessedBy: string;
}

export interface SroiContext {
  caseId: string;
  provider: string;
  assignment: Assignment;
  yearlyValueCents: number;
  awardDate: string;
  period: string;
  obligation: SroiObligation;
  contactOverdue: boolean;
  deskContact?: z.infer<typeof deskContactedSchema> & { recordedAt: string; recordedBy: string; recordedAs: Role | 'system' };
  agreements: (z.infer<typeof agreementsRecordedSchema> & { recordedAt: string })[];
  shortfallReports: ShortfallReport[];
  assessment?: SroiAssessment;
}

export type NotifyTemplate = keyof typeof sroiMail;
export interface NotifyParams {
  template: NotifyTemplate;
  to: readonly Role[];
}
/** Params of `offerWarningLetter`: the start of the SIRO warning letter this case proposes (logged by the engine). */
export interface OfferWarningLetterParams {
  procedure: 'automatic-letter';
  data: WarningLetterStart;
}

// ---------------------------------------------------------------------------------------------
// Start check


/**
 * The lower bound of the award date at start: its contact term ended at most LATE_REGISTRATION_DAYS before the
 * case is registered. (The upper bound, never after today, is the engine's check of `startTermStartDates`.)
 */
export function checkAwardDate(data: Pick<SroiStart, 'awardDate'>, at: Pick<StartCheckContext, 'today'>): StartRefusal | undefined {
  const daysLate = dayNumber(at.today) - dayNumber(data.awardDate) - CONTACT_TERM_DAYS;
  if (daysLate <= LATE_REGISTRATION_DAYS) return undefined;
  return {
    field: 'awardDate',
    message:
      `de gunning van ${data.awardDate} ligt te ver terug: de contacttermijn van ${CONTACT_TERM_DAYS} kalenderdagen was ${daysLate} dagen vóór vandaag ` +
      `(${at.today}) al verstreken; een gunning wordt uiterlijk ${LATE_REGISTRATION_DAYS} dagen na het einde van die termijn vastgelegd. Controleer de datum.`,
    rule: `${CONTACT_RULE} (keuze: registratie uiterlijk ${LATE_REGISTRATION_DAYS} dagen na het einde van de termijn)`,
  };
}

// ---------------------------------------------------------------------------------------------
// Machine

export const contactTerm: DeadlineDefinition = {
  name: 'contactTerm',
  label: 'Termijn contact met het coördinatiepunt Social Return',
  kind: 'days',
  n: CONTACT_TERM_DAYS,
  startsFromContext: 'awardDate',
  onExpiry: 'contactTerm.expired',
  waitingOn: ['aanbieder'],
  reminders: CONTACT_TERM_REMINDERS,
  rule: `${CONTACT_RULE} (kalenderdagen; eindigt de termijn op een zaterdag, zondag of feestdag, dan de eerstvolgende werkdag: Algemene termijnenwet art. 1)`,
};

const meta = (m: StateMeta): StateMeta => m;

/** The events table: label, roles, payload schema and rule of every event. The machine's event union is derived from it. */
export const sroiEvents = {
  'desk.contacted': {
    label: 'Contact opgenomen met het coördinatiepunt Social Return',
    roles: ['aanbieder', 'contractmanager'],
    schema: deskContactedSchema,
    rule: CONTACT_RULE,
    description: 'De aanbieder neemt binnen zeven kalenderdagen na definitieve gunning contact op (telefoon: 010 - 498 5993 of e-mail: socialreturn@rotterdam.nl).',
  },
  'contactTerm.expired': {
    label: 'Contacttermijn coördinatiepunt Social Return verstreken',
    roles: ['system'],
    schema: expirySchema,
    rule: contactTerm.rule,
  },
  'agreements.recorded': {
    label: 'Afspraken social return schriftelijk vastgelegd',
    roles: ['aanbieder', 'contractmanager'],
    schema: agreementsRecordedSchema,
    rule: AGREEMENTS_RULE,
    description: 'De afspraken met het coördinatiepunt Social Return, schriftelijk; ze maken deel uit van de overeenkomst.',
  },
  'shortfall.reported': {
    label: 'Achterstand in de realisatie gemeld (coördinatiepunt / SIRO)',
    roles: ['contractmanager', 'contractbeheer'],
    schema: shortfallReportedSchema,
    rule: WARNING_RULE,
    description: 'De periodieke controle in SIRO toont een achterstand. De zaak stelt de waarschuwingsbrief SROI voor, met de gegevens ingevuld.',
  },
  'warningLetter.started': {
    label: 'Waarschuwingsbrief SROI gestart (gekoppelde zaak)',
    roles: ['contractmanager', 'contractbeheer'],
    schema: warningLetterStartedSchema,
    rule: WARNING_RULE,
    description: 'Het zaaknummer van de gestarte automatische brief; die zaak koppelt aan de laatst gemelde achterstand zonder brief.',
  },
  'realisation.recorded': {
    label: 'Realisatie over de periode vastgesteld',
    roles: ['contractmanager'],
    schema: realisationRecordedSchema,
    rule: `${OBLIGATION_RULE}; ${FINE_RULE}`,
    description: 'Aan het einde van de periode: de gerealiseerde social return; jeugdflow berekent het openstaande bedrag en de boete van 125%.',
  },
} as const satisfies EventTable;
export type SroiEvent = EventsOf<typeof sroiEvents>;

const isEffortObligation = (o: SroiObligation) => o.kind !== 'resultaatverplichting';

export const sroiMachine = setup({
  types: {} as { context: SroiContext; events: SroiEvent; input: MachineInput<SroiStart> },
  guards: {
    isContactBetweenAwardAndToday: ({ context, event }) => {
      assertEvent(event, 'desk.contacted');
      return event.payload.contactedOn >= context.awardDate && event.payload.contactedOn <= amsterdamDay(event.at);
    },
    isBelowTarget: ({ context, event }) => {
      assertEvent(event, 'shortfall.reported');
      return event.payload.realisedPercent < context.obligation.percent;
    },
    hasShortfallWithoutLetter: ({ context, event }) => {
      assertEvent(event, 'warningLetter.started');
      return (
        context.shortfallReports.some((r) => r.letterCaseId === undefined) &&
        !context.shortfallReports.some((r) => r.letterCaseId === event.payload.letterCaseId) &&
        event.payload.letterCaseId !== context.caseId
      );
    },
    isEffortJudgedWhereAsked: ({ context, event }) => {
      assertEvent(event, 'realisation.recorded');
      return isEffortObligation(context.obligation) ? event.payload.effortJudgement !== undefined : event.payload.effortJudgement === undefined;
    },
  },
  actions: {
    notify: (_, _params: NotifyParams) => {},
    offerWarningLetter: (_, _params: OfferWarningLetterParams) => {},
    markContactOverdue: assign({ contactOverdue: true }),
    recordDeskContact: assign(({ event }) => {
      assertEvent(event, 'desk.contacted');
      return { deskContact: stamped(event.payload, { recordedAt: event.at, recordedBy: event.actor.userId, recordedAs: event.actor.role }) };
    }),
    recordAgreements: assign(({ context, event }) => {
      assertEvent(event, 'agreements.recorded');
      return { agreements: [...context.agreements, stamped(event.payload, { recordedAt: event.at })] };
    }),
    recordShortfall: assign(({ context, event }) => {
      assertEvent(event, 'shortfall.reported');
      const p = event.payload;
      const report: ShortfallReport = {
        period: p.period,
        realisedPercent: p.realisedPercent,
        checkedOn: p.checkedOn,
        ...(p.note !== undefined ? { note: p.note } : {}),
        reportedAt: event.at,
        reportedBy: event.actor.userId,
        suggestedStart: { procedure: 'automatic-letter', data: warningLetterStart(context, p) },
      };
      return { shortfallReports: [...context.shortfallReports, report] };
    }),
    linkWarningLetter: assign(({ context, event }) => {
      assertEvent(event, 'warningLetter.started');
      // The latest report without a letter: a letter answers the most recent backlog.
      const index = context.shortfallReports.findLastIndex((r) => r.letterCaseId === undefined);
      return {
        shortfallReports: context.shortfallReports.map((r, i) => (i === index ? stamped(r, { letterCaseId: event.payload.letterCaseId, linkedAt: event.at }) : r)),
      };
    }),
    recordAssessment: assign(({ context, event }) => {
      assertEvent(event, 'realisation.recorded');
      const p = event.payload;
      const realisedCents = eurosToCents(p.realisedAmount);
      const effort = p.effortJudgement === undefined ? {} : { effortSufficient: p.effortJudgement === 'voldoende' };
      const settlement = sroiSettlement({ obligation: context.obligation, realisedCents, ...effort });
      return {
        assessment: stamped(settlement, {
          realisedCents,
          ...effort,
          checkedOn: p.checkedOn,
          explanation: p.explanation,
          assessedAt: event.at,
          assessedBy: event.actor.userId,
        }),
      };
    }),
  },
}).createMachine({
  id: 'sroi',
  meta: meta({ label: 'Social return (SROI)', waitingOn: [], rule: RULE }),
  context: ({ input }) => {
    const yearlyValueCents = eurosToCents(input.data.yearlyContractValue);
    return {
      caseId: input.caseId,
      provider: input.data.provider,
      assignment: input.data.assignment,
      yearlyValueCents,
      awardDate: input.data.awardDate,
      period: input.data.period,
      obligation: sroiObligation({ assignment: input.data.assignment, yearlyValueCents }),
      contactOverdue: false,
      agreements: [],
      shortfallReports: [],
    };
  },
  initial: 'awaitingDeskContact',
  states: {
    awaitingDeskContact: {
      entry: { type: 'notify', params: { template: 'sroi.awarded', to: ['aanbieder'] } },
      ...withOverdue(
        meta({ label: 'Wacht op contact met het coördinatiepunt Social Return', waitingOn: ['aanbieder'], deadlines: [contactTerm], rule: CONTACT_RULE }),
        {
          onExpiry: 'contactTerm.expired',
          markOverdue: ['markContactOverdue', { type: 'notify', params: { template: 'sroi.contactOverdue', to: ['aanbieder', 'contractmanager'] } }],
          pending: meta({ label: 'Contact met het coördinatiepunt binnen 7 kalenderdagen', waitingOn: ['aanbieder'], rule: CONTACT_RULE }),
          overdue: { meta: meta({ label: 'Contact met het coördinatiepunt te laat', waitingOn: ['aanbieder'], rule: contactTerm.rule }) },
        },
      ),
      on: {
        'desk.contacted': { guard: 'isContactBetweenAwardAndToday', target: 'running', actions: 'recordDeskContact' },
      },
    },
    running: {
      meta: meta({
        label: 'Verplichting loopt: afspraken en realisatie in SIRO',
        waitingOn: ['aanbieder'],
        rule: `${AGREEMENTS_RULE} "De verantwoordelijkheid voor de invulling van de social return verplichting en het aanleveren van gevraagde gegevens in het registratiesysteem SIRO ligt volledig bij de Opdrachtnemer zelf."`,
      }),
      on: {
        'agreements.recorded': { actions: 'recordAgreements' },
        'shortfall.reported': {
          guard: 'isBelowTarget',
          actions: [
            'recordShortfall',
            {
              type: 'offerWarningLetter',
              params: ({ context }): OfferWarningLetterParams => context.shortfallReports.at(-1)!.suggestedStart,
            },
            { type: 'notify', params: { template: 'sroi.shortfallReported', to: ['contractmanager'] } },
          ],
        },
        'warningLetter.started': { guard: 'hasShortfallWithoutLetter', actions: 'linkWarningLetter' },
        'realisation.recorded': {
          guard: 'isEffortJudgedWhereAsked',
          target: 'assessed',
          actions: ['recordAssessment', { type: 'notify', params: { template: 'sroi.realisationRecorded', to: ['aanbieder', 'contractmanager'] } }],
        },
      },
    },
    assessed: {
      type: 'final',
      meta: meta({ label: 'Realisatie vastgesteld; boete berekend waar de verplichting niet is nagekomen', waitingOn: [], rule: FINE_RULE }),
    },
  },
});

/** The SIRO warning letter's start data for a shortfall report: the facts the letter declares (LETTER_DATA), nothing else. */
export function warningLetterStart(
  context: Pick<SroiContext, 'provider' | 'obligation'>,
  report: { period: string; realisedPercent: number; checkedOn: string },
): WarningLetterStart {
  return {
    provider: context.provider,
    letter: 'siro-warning',
    data: { period: report.period, realisedPercent: report.realisedPercent, targetPercent: context.obligation.percent, checkedOn: report.checkedOn },
  };
}

// ---------------------------------------------------------------------------------------------
// Definition

export const sroi = defineProcedure({
  id: 'sroi',
  version: 1,
  title: 'Social return (SROI)',
  description:
    'Na definitieve gunning neemt de aanbieder binnen zeven kalenderdagen contact op met het coördinatiepunt Social Return van de ' +
    'gemeente Rotterdam; de afspraken worden schriftelijk vastgelegd. De verplichting is 2% van de jaarlijkse opdrachtwaarde: een ' +
    'inspanningsverplichting voor opdrachten A, E en F, een resultaatverplichting voor B, C en D, en onder € 50.000 per jaar alleen ' +
    'maximale inspanning. Meldt het coördinatiepunt (SIRO) een achterstand, dan stelt de zaak de waarschuwingsbrief SROI voor, met de ' +
    'gegevens ingevuld, en koppelt de gestarte brief. Aan het einde van de periode wordt de realisatie vastgesteld; wie de verplichting ' +
    'niet nakomt, krijgt een boete van 125% van het openstaande bedrag (in centen berekend).',
  seed: SEED,
  machine: sroiMachine,
  mail: sroiMail,
  startRoles: ['contractmanager', 'contractbeheer'],
  startSchema,
  startTermStartDates: ['awardDate'],
  checkStart: (data: SroiStart, at: StartCheckContext) => checkAwardDate(data, at),
  events: sroiEvents,
  guards: {
    isContactBetweenAwardAndToday: {
      description: 'het contact met het coördinatiepunt ligt op of na de datum van definitieve gunning en niet na vandaag',
      rule: CONTACT_RULE,
    },
    isBelowTarget: {
      description: `er is alleen een achterstand als het gerealiseerde percentage onder de ${OBLIGATION_PERCENT}% ligt`,
      rule: WARNING_RULE,
    },
    hasShortfallWithoutLetter: {
      description: 'een waarschuwingsbrief koppelt alleen aan een gemelde achterstand die nog geen brief heeft, met een ander zaaknummer dan deze zaak en de eerder gekoppelde',
      rule: WARNING_RULE,
    },
    isEffortJudgedWhereAsked: {
      description:
        'bij een inspanningsverplichting (opdrachten A, E, F) of maximale inspanning (onder € 50.000 per jaar) oordeelt de contractmanager of de inspanning voldoende was; bij een resultaatverplichting (B, C, D) telt alleen het resultaat',
      rule: `${OBLIGATION_RULE}; ${THRESHOLD_RULE}`,
    },
  },
});
