// The mixed load of the cluster test: besides the escalation ladder, a ZBT disagreement registered late
// (its contact term already over, so the term's expiry fires at once on the real clock and its expiry
// mail goes out) and a care termination walked to the case director's decision term. Each with the
// roles the procedure gives its steps; the transport signs in one user per role (config/users.example.json).
import { addCalendarDays, amsterdamDateOf, type IsoDate } from '../../calendar/index.ts';
import { DECISION_TERM_REMINDERS } from '../../machines/careTerminationMachine.ts';
import { LATE_REGISTRATION_DAYS } from '../../machines/zbtDisagreementMachine.ts';
import { LADDER_PLAN, type Actor, type CasePlan } from '../faults/load.ts';

const provider: Actor = { role: 'aanbieder', userId: 'eva' };
const zbt: Actor = { role: 'zbt', userId: 'ilse' };

/** The users the cluster test signs in, one per role its plans use. */
export const CLUSTER_USERS = { contractmanager: 'anna', aanbieder: 'eva', zbt: 'ilse' } as const;

const today = (): IsoDate => amsterdamDateOf(Date.now());

/**
 * 002 §4.3: the provider contacts the JB-team/ZBT "binnen 2 dagen" after the proposal. A disagreement may
 * be registered up to LATE_REGISTRATION_DAYS after that term ended (checkProposalDate): proposed 10 days
 * ago, the contact term ended days ago, so the engine expires it at once (a timer that is due) and sends
 * the expiry notice (08:00 on the working day after the term, which has passed too). The provider then
 * still makes contact; the ZBT starts a clarification period of 10 working days (its timer runs at the end).
 */
export const ZBT_LATE_PLAN: CasePlan = {
  procedure: 'zbt-disagreement',
  starter: provider,
  startData: (code) => ({
    provider: code,
    arrangementReference: 'ARR-CLUSTER-1',
    disagreementSummary: 'De aanbieder vindt het voorgestelde arrangement te licht voor de hulpvraag',
    proposedOn: addCalendarDays(today(), -10),
  }),
  path: [
    { type: 'zbt.contacted', actor: provider, payload: (m) => ({ summary: `Telefonisch contact met het ZBT ${m}` }) },
    { type: 'clarification.started', actor: zbt, payload: (m) => ({ workingDays: 10, question: `Welke hulp is nodig naast de dagbesteding ${m}` }) },
  ],
  extras: [],
  endState: 'clarifying',
  timerFor: 'clarificationTerm',
  expiries: ['contactTerm'],
};
if (10 - 2 > LATE_REGISTRATION_DAYS) throw new Error('ZBT_LATE_PLAN: the proposal date is beyond the late-registration window');

/** 002 §4.2: informed, two conversations, two warnings, the consent form; then the decision term (10 working days) runs. */
export const CARE_TERMINATION_PLAN: CasePlan = {
  procedure: 'care-termination',
  starter: provider,
  startData: (code) => ({
    provider: code,
    caseDirector: 'lokaal-team',
    childProtectionMeasure: false,
    seriousReasons: 'Herhaalde bedreiging van medewerkers door een familielid van de jeugdige',
    reasonCategory: 'bedreiging-intimidatie',
    optOut: false,
  }),
  path: [
    { type: 'caseDirector.informed', actor: provider, payload: (m) => ({ informedOn: today(), note: `Per telefoon, teammanager ${m}` }) },
    { type: 'conversation.held', actor: provider, payload: (m) => ({ date: today(), report: `Dossier, gespreksverslag 1 ${m}`, agreements: ['Geen dreigementen richting medewerkers'] }) },
    { type: 'conversation.held', actor: provider, payload: (m) => ({ date: today(), report: `Dossier, gespreksverslag 2 ${m}`, agreements: ['Afspraken herhaald'] }) },
    { type: 'warning.first.issued', actor: provider, payload: (m) => ({ date: today(), copyReference: `Dossier, brief W1 ${m}` }) },
    { type: 'warning.second.issued', actor: provider, payload: (m) => ({ date: today(), copyReference: `Dossier, brief W2 ${m}` }) },
    {
      type: 'consentForm.submitted',
      actor: provider,
      payload: (m) => ({
        signedBy: `Teammanager ambulante hulp ${m}`,
        signedOn: today(),
        attachments: { conversationReports: true, agreementsOverview: true, firstWarningCopy: true, secondWarningCopy: true },
        copyToContractManager: true,
      }),
    },
  ],
  extras: [],
  endState: 'awaitingDecision.pending',
  timerFor: 'decisionTerm',
  reminders: DECISION_TERM_REMINDERS,
};

/** Case i follows MIXED_PLANS[i % 3]. */
export const MIXED_PLANS: readonly CasePlan[] = [LADDER_PLAN, ZBT_LATE_PLAN, CARE_TERMINATION_PLAN];
