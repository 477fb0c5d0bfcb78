// One case of each procedure from start to close, as the seeds name the roles: the start data, then each
// step with who sets it. The Dutch-only test sends them through the API and reads every page on the way;
// the browser walk types them into the console's forms. Dates lie in the past (relative to today), in
// the order the procedures need.
import type { Role } from '../../machines/types.ts';

export interface WalkUser {
  id: string;
  name: string;
  roles: Role[];
  provider?: true;
}

/** Who acts in the walks: the roles of processes.md ("Parties and roles"). */
export const WALK_USERS: WalkUser[] = [
  { id: 'anna', name: 'Anna de Vries', roles: ['contractmanager'] },
  { id: 'bram', name: 'Bram Jansen', roles: ['contractmanager'] },
  { id: 'dirk', name: 'Dirk Visser', roles: ['opdrachtgever-besluit'] },
  { id: 'eva', name: 'Eva Smit', roles: ['aanbieder'], provider: true },
  { id: 'cora', name: 'Cora Peters', roles: ['casusregisseur'] },
  { id: 'zoe', name: 'Zoë Dekker', roles: ['zbt'] },
  { id: 'gijs', name: 'Gijs Bos', roles: ['gi-manager'] },
  { id: 'gerda', name: 'Gerda Hoek', roles: ['gemeente'] },
  { id: 'sanne', name: 'Sanne Kok', roles: ['supervisor'] },
];

export interface WalkStep {
  user: string;
  type: string;
  payload: Record<string, unknown>;
  /** Which form of a union (the discriminator's value), e.g. rung "1". */
  variant?: string;
}

export interface Walk {
  procedure: string;
  /** Short name for ids and screenshots. */
  name: string;
  starter: string;
  data: (provider: string) => Record<string, unknown>;
  steps: WalkStep[];
}

const DAY = 86_400_000;
/** A calendar date `n` days before today (UTC; the walks never cross the Amsterdam day boundary by more). */
export const daysBefore = (n: number) => new Date(Date.now() - n * DAY).toISOString().slice(0, 10);

export const WALKS: Walk[] = [
  {
    procedure: 'escalation-ladder',
    name: 'ladder',
    starter: 'anna',
    data: (provider) => ({ provider, signal: { category: 'kwaliteit', description: 'Klachten over lange wachttijden bij de aanbieder', receivedOn: daysBefore(20) } }),
    steps: [
      { user: 'anna', type: 'hearing.recorded', payload: { date: daysBefore(10), providerPosition: 'De aanbieder erkent de wachttijden', findings: 'Gemiddeld tien weken wachttijd voor intake' } },
      { user: 'anna', type: 'rung.chosen', variant: '1', payload: { rung: 1, reason: 'Signalen zijn ernstig genoeg voor trede 1', arrangements: 'Tweewekelijks overleg met de aanbieder' } },
      { user: 'eva', type: 'response.submitted', payload: { explanation: 'Personeelstekort door ziekte', recoveryMeasures: 'Inhuur van twee extra begeleiders' } },
      { user: 'anna', type: 'case.closed', payload: { outcome: 'hersteld', reason: 'De wachttijden zijn terug op de norm' } },
    ],
  },
  {
    procedure: 'proposal-lifecycle',
    name: 'voorstel',
    starter: 'eva',
    data: (provider) => ({
      provider,
      proposer: { kind: 'aanbieder', code: provider },
      title: 'Gezamenlijke aanpak wachtlijsten',
      summary: 'Aanbieders en SOJ maken één regionaal overzicht van wachttijden per segment.',
      topic: { scope: 'algemeen' },
      changesContract: true,
      table: { type: 'fysiek', id: 'FT-2026-Q2' },
      signalIds: ['SIG-2026-014'],
    }),
    steps: [
      {
        user: 'anna',
        type: 'agenda.decided',
        payload: {
          aimedAtCollective: true,
          coreValues: { evidentRelation: true, values: ['leefomgeving', 'doelmatige-inzet-middelen'] },
          contextualChanges: { present: true, changes: [{ level: 'landelijk', description: 'Hervormingsagenda Jeugd 2023–2028' }] },
          onAgenda: false,
          motivation: 'Raakt alle aanbieders, maar de tafel van dit kwartaal is vol.',
        },
      },
    ],
  },
  {
    procedure: 'care-termination',
    name: 'beeindiging',
    starter: 'eva',
    data: (provider) => ({
      provider,
      caseDirector: 'lokaal-team',
      childProtectionMeasure: false,
      seriousReasons: 'Herhaalde bedreiging van medewerkers door een familielid van de jeugdige',
      reasonCategory: 'bedreiging-intimidatie',
      optOut: false,
    }),
    steps: [
      { user: 'eva', type: 'caseDirector.informed', payload: { informedOn: daysBefore(30) } },
      { user: 'eva', type: 'conversation.held', payload: { date: daysBefore(29), report: 'Dossier, gespreksverslag 1', agreements: ['Geen dreigementen richting medewerkers', 'Wekelijks contact met de mentor'] } },
      { user: 'eva', type: 'warning.first.issued', payload: { date: daysBefore(25), copyReference: 'Dossier, brief W1' } },
      { user: 'eva', type: 'conversation.held', payload: { date: daysBefore(22), report: 'Dossier, gespreksverslag 2', agreements: ['Afspraken herhaald'] } },
      { user: 'eva', type: 'warning.second.issued', payload: { date: daysBefore(20), copyReference: 'Dossier, brief W2' } },
      {
        user: 'eva',
        type: 'consentForm.submitted',
        payload: {
          signedBy: 'Teammanager ambulante hulp',
          signedOn: daysBefore(15),
          attachments: { conversationReports: true, agreementsOverview: true, firstWarningCopy: true, secondWarningCopy: true },
          copyToContractManager: true,
        },
      },
      {
        user: 'cora',
        type: 'decision.made',
        payload: {
          behaviourCausedByCondition: { answer: 'deels', explanation: 'Gedrag komt deels voort uit de stoornis, maar de dreiging komt van een familielid' },
          providerTriedEnough: { answer: true, explanation: 'Twee gesprekken en twee waarschuwingen, afspraken steeds herhaald' },
          procedureFollowed: { answer: true, explanation: 'Alle stappen van 4.2 zijn gedocumenteerd' },
          continuationArranged: { answer: true, explanation: 'Overdracht aan een andere aanbieder is voorbereid' },
          consent: true,
          reason: 'De situatie is onwerkbaar voor de medewerkers; voortzetting elders is geregeld',
        },
      },
      { user: 'eva', type: 'solution.proposed', payload: { kind: 'andere-oplossing', description: 'Gezinshuis via het lokale team, voorgesteld door de aanbieder' } },
      { user: 'cora', type: 'solution.confirmed', payload: { kind: 'andere-oplossing', description: 'Gezinshuis via het lokale team geregeld' } },
      { user: 'eva', type: 'care.terminated', payload: { endDate: daysBefore(0) } },
    ],
  },
  {
    procedure: 'zbt-disagreement',
    name: 'zbt',
    starter: 'eva',
    data: (provider) => ({ provider, arrangementReference: 'ARR-2026-017', disagreementSummary: 'De voorgestelde intensiteit past niet bij de hulpvraag', proposedOn: daysBefore(1) }),
    steps: [
      { user: 'eva', type: 'zbt.contacted', payload: { summary: 'Telefonisch contact met het ZBT over het arrangement' } },
      { user: 'zoe', type: 'arrangement.decided', payload: { youthConsulted: true, findingsSummary: 'Bevindingen uit de vraagverheldering gewogen', adviceSummary: 'Advies van de gedragswetenschapper gevolgd', ijw301Reference: 'JW301-00417' } },
      { user: 'eva', type: 'disagreement.persisted', payload: { reason: 'Het bepaalde arrangement blijft te licht voor de hulpvraag' } },
      { user: 'zoe', type: 'giManager.informed', payload: { summary: 'Stand van zaken en verschil van inzicht overgedragen' } },
      { user: 'gijs', type: 'managers.consulted', payload: { outcome: 'disagreed', summary: 'Teammanagers blijven van mening verschillen' } },
      {
        user: 'gijs',
        type: 'contractManager.engaged',
        payload: {
          anonymised: true,
          stepsTaken: [
            { date: daysBefore(3), step: 'Arrangement voorgesteld door het ZBT', by: 'zbt' },
            { date: daysBefore(2), step: 'Aanbieder nam contact op en is het oneens', by: 'aanbieder' },
          ],
          differenceOfOpinion: 'De aanbieder acht de intensiteit te laag, het ZBT acht die passend gezien de bevindingen',
          giPosition: 'Het arrangement past bij de bevindingen',
          providerPosition: 'De intensiteit is onvoldoende voor de hulpvraag',
        },
      },
      {
        user: 'anna',
        type: 'actions.agreed',
        payload: {
          actions: [
            { what: 'Contractafspraken over intensiteit nalopen', who: 'contractmanager', byDate: daysBefore(-7) },
            { what: 'Hulpvraag opnieuw wegen met de aanbieder', who: 'zbt', byDate: daysBefore(-10) },
          ],
          feedbackTermWorkingDays: 7,
        },
      },
      { user: 'anna', type: 'process.checked', payload: { processFollowed: true, remarks: 'Alle stappen van §4.3 zijn doorlopen' } },
      { user: 'anna', type: 'feedback.given', payload: { summary: 'Het proces is juist doorlopen; de afspraken zijn nagekomen' } },
      { user: 'gijs', type: 'client.informed', payload: { informedOn: daysBefore(0), summary: 'Cliënt geïnformeerd over de stand van zaken' } },
      { user: 'gijs', type: 'case.closed', payload: { outcome: 'arrangement-upheld', summary: 'Arrangement gehandhaafd na procestoets' } },
    ],
  },
  {
    procedure: 'care-content-escalation',
    name: 'zorginhoud',
    starter: 'cora',
    data: (provider) => ({ provider, urgencyReason: 'Thuissituatie onhoudbaar, hulp moet deze week starten', residentialPlaceRequested: true }),
    steps: [
      { user: 'cora', type: 'zbt.contacted', payload: { summary: 'Vraag naar een verblijfsplaats voorgelegd aan het ZBT' } },
      {
        user: 'zoe',
        type: 'actions.agreed',
        payload: { actions: [{ what: 'Verblijfsplaats bij de aanbieder navragen', who: 'zbt', byDate: daysBefore(-5) }], feedbackTermWorkingDays: 5 },
      },
      { user: 'cora', type: 'case.resolved', payload: { summary: 'De aanbieder start de hulp maandag' } },
    ],
  },
  {
    procedure: 'automatic-letter',
    name: 'brief',
    starter: 'anna',
    data: (provider) => ({ provider, letter: 'siro-warning', data: { period: '2026-Q1', realisedPercent: 0.8, targetPercent: 2, checkedOn: daysBefore(1) } }),
    steps: [{ user: 'anna', type: 'letter.approved', payload: { reason: 'Achterstand besproken; de brief mag uit' } }],
  },
  {
    procedure: 'sroi',
    name: 'sroi',
    starter: 'anna',
    data: (provider) => ({ provider, assignment: 'B', yearlyContractValue: 120000, awardDate: daysBefore(5), period: '2026' }),
    steps: [
      { user: 'eva', type: 'desk.contacted', payload: { contactedOn: daysBefore(3), note: 'Gebeld met het coördinatiepunt Social Return' } },
      { user: 'anna', type: 'agreements.recorded', payload: { agreedOn: daysBefore(2), reference: 'Afsprakenbrief social return 2026', summary: 'Twee leerwerkplekken en inkoop bij een sociale onderneming' } },
      { user: 'anna', type: 'shortfall.reported', payload: { period: '2026-Q1', realisedPercent: 0.8, checkedOn: daysBefore(1) } },
      { user: 'anna', type: 'warningLetter.started', payload: { letterCaseId: 'BRF2026001' } },
      { user: 'anna', type: 'realisation.recorded', payload: { realisedAmount: 1500.5, checkedOn: daysBefore(0), explanation: 'Realisatie volgens SIRO over het contractjaar' } },
    ],
  },
  {
    procedure: 'settlement',
    name: 'afrekening',
    starter: 'anna',
    data: (provider) => ({ provider, year: 2025 }),
    steps: [
      { user: 'anna', type: 'figures.recorded', payload: { declared: 100000, toDeclare: 0, produced: 90000, kpiInformationTimely: true, claimsSettled: true } },
      { user: 'eva', type: 'differenceStatement.submitted', payload: { date: daysBefore(1), reference: 'BV-2025-01', explanation: 'Verantwoording van twee trajecten ontbrak' } },
      { user: 'anna', type: 'settlement.agreed', payload: {} },
      { user: 'anna', type: 'repayment.received', payload: { date: daysBefore(0), amount: 9000 } },
    ],
  },
  {
    procedure: 'accountability',
    name: 'verantwoording',
    starter: 'anna',
    data: (provider) => ({ provider, year: 2025, revenue: 100000 }),
    steps: [
      { user: 'eva', type: 'production.submitted', payload: { date: daysBefore(1), reference: 'PV-2025', auditorStatement: false, boardStatement: true } },
      { user: 'eva', type: 'wnt.submitted', payload: { date: daysBefore(1), withinNorms: true } },
      { user: 'anna', type: 'accountability.closed', payload: {} },
    ],
  },
  {
    procedure: 'provider-change',
    name: 'wijziging',
    starter: 'eva',
    data: (provider) => ({ provider }),
    steps: [
      { user: 'eva', type: 'bankChange.submitted', payload: { submittedOn: daysBefore(0), iban: 'NL91ABNA0417164300', statementDate: daysBefore(10), statementShowsProviderDetails: true } },
      { user: 'anna', type: 'change.processed', payload: { processedOn: daysBefore(0) } },
    ],
  },
  {
    procedure: 'provider-report',
    name: 'melding',
    starter: 'eva',
    data: (provider) => ({ provider }),
    steps: [
      { user: 'eva', type: 'signal.reported', payload: { category: 'incident', occurredOn: daysBefore(3), reportedOn: daysBefore(1), description: 'Medewerker gewond bij een incident op de groep; de groep is tijdelijk gesloten' } },
      { user: 'anna', type: 'signal.assessed', payload: { outcome: 'besproken-met-aanbieder', reason: 'Maatregelen besproken en vastgelegd' } },
    ],
  },
  {
    procedure: 'final-settlement',
    name: 'afronding',
    starter: 'anna',
    data: (provider) => ({ provider, contractYear: new Date().getUTCFullYear() }),
    steps: [
      { user: 'anna', type: 'declarations.settled', payload: { date: daysBefore(0) } },
      { user: 'anna', type: 'comparison.recorded', payload: { declared: 100000, accounted: 100000, accountabilityReference: 'PV-2026-042' } },
      { user: 'anna', type: 'finalLetter.sent', payload: { date: daysBefore(0), reference: 'BR-2026-042' } },
    ],
  },
  {
    procedure: 'production-ceiling',
    name: 'plafond',
    starter: 'anna',
    data: (provider) => ({ provider, assignment: 'opdracht-c', contractYear: Number(daysBefore(0).slice(0, 4)), ceilingEur: 1_000_000 }),
    steps: [
      { user: 'anna', type: 'usage.recorded', payload: { recordedOn: daysBefore(0), usedEur: 800_000, source: 'handmatig' } },
      { user: 'eva', type: 'report.submitted', payload: { reason: 'uitnutting-80', reportedOn: daysBefore(0), explanation: 'Verwachte productie 1,1 miljoen; wachtlijst van 12 weken' } },
      { user: 'anna', type: 'decision.made', payload: { decision: 'maatregelen', measures: 'Nieuwe cliënten via een overbruggingsarrangement', reason: 'Geen budgettaire ruimte in het perceel' } },
      { user: 'anna', type: 'year.closed', payload: { closedOn: daysBefore(0), realisedEur: 1_100_000 } },
    ],
  },
  {
    procedure: 'kpi-stoplight',
    name: 'stoplicht',
    starter: 'anna',
    data: (provider) => ({ provider, firstQuarter: '2026-Q1' }),
    steps: [
      { user: 'anna', type: 'kpis.recorded', payload: { quarter: '2026-Q1', measuredOn: daysBefore(0), clientSatisfaction: 5.5, ceo: 6.9, waitingWithinTenWorkingDaysPercent: 92, sroi: { realisedPercent: 2, targetPercent: 2 } } },
      { user: 'anna', type: 'improvementPlan.requested', payload: { requestedOn: daysBefore(0), shortcomings: 'Cliënttevredenheid onvoldoende' } },
      { user: 'eva', type: 'improvementPlan.submitted', payload: { submittedOn: daysBefore(0), shortcomings: 'Lage tevredenheid over bereikbaarheid', solutions: 'Vaste contactpersoon per gezin', terms: 'Binnen één kwartaal' } },
      { user: 'anna', type: 'improvement.assessed', payload: { assessedOn: daysBefore(0), sufficient: false, explanation: 'Tevredenheid opnieuw onvoldoende' } },
      { user: 'anna', type: 'escalation.waived', payload: { reason: 'Nieuwe directie; eerst een extra gesprek' } },
      { user: 'anna', type: 'monitoring.ended', payload: { endedOn: daysBefore(0), reason: 'Einde van de overeenkomst' } },
    ],
  },
];
