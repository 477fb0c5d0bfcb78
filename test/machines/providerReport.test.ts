// Melding van de aanbieder (002 §2.2.2, §3.1.4, §3.2.2). Pure xstate stepping, no Temporal: the generated cases
// from the definition, then the rules of the seed one by one.
import { describe, expect, it } from 'vitest';
import { initialTransition, transition, type SnapshotFrom } from 'xstate';
import { providerReport, providerReportMachine, startSchema, type ProviderReportEvent } from '../../machines/providerReportMachine.ts';
import { exploreMachine, exploreWithinAndAfterTerms, step, type EventSamples } from '../../machines/testing.ts';
import type { AnyRole } from '../../machines/types.ts';
import { generatedDefinitionTests } from './generated.ts';

type Snapshot = SnapshotFrom<typeof providerReportMachine>;
const AT = '2026-05-04T09:00:00.000Z';
const START = { provider: 'aanbieder-042' };

const SIGNAL = { category: 'calamiteit', occurredOn: '2026-04-30', reportedOn: '2026-05-01', description: 'Brand in een groepswoning; alle bewoners zijn veilig overgeplaatst' };
const DISTRESS = { threat: 'faillissement', knownOn: '2026-04-28', reportedOn: '2026-05-01', explanation: 'De bank zegt het krediet op; salarissen van juni zijn niet gedekt' };
const SUBCONTRACTOR = { subcontractor: 'Zorgpartner Zuid BV', careStartsOn: '2026-05-11', reportedOn: '2026-05-01', scope: 'Dagbesteding op zaterdag' };

const SAMPLES: Record<string, { valid: Record<string, unknown>[]; broken: Record<string, unknown> }> = {
  'signal.reported': { valid: [SIGNAL], broken: { ...SIGNAL, occurredOn: '2026-05-02' } },
  'financialDistress.reported': { valid: [DISTRESS], broken: { ...DISTRESS, threat: 'verhuizing' } },
  'subcontractor.reported': {
    valid: [SUBCONTRACTOR, { ...SUBCONTRACTOR, careStartsOn: '2026-04-30' }], // the second: help began before the report
    broken: { ...SUBCONTRACTOR, subcontractor: 'x'.repeat(201) },
  },
  'signal.assessed': {
    valid: [{ outcome: 'besproken-met-aanbieder', reason: 'Maatregelen besproken in het voortgangsgesprek' }],
    broken: { outcome: 'escalatieladder-gestart', reason: 'Herhaald incident: escalatieladder' },
  },
  'subcontractor.acknowledged': { valid: [{}], broken: { note: 'BSN 111222333' } },
  'distress.discussed': {
    valid: [
      { date: '2026-05-02', decision: 'ondersteunen', agreements: 'Wekelijks overleg over de liquiditeit' },
      { date: '2026-05-02', decision: 'transitie-clienten', agreements: 'Cliënten gaan over naar andere aanbieders' },
    ],
    broken: { date: '2026-05-02', decision: 'niets', agreements: 'Geen afspraken' },
  },
  'distress.averted': { valid: [{ date: '2026-06-01', note: 'Nieuwe financier gevonden' }], broken: { date: '2026-06-01' } },
  'transition.started': { valid: [{ date: '2026-06-01', note: 'Steun bleek onvoldoende' }], broken: { note: 'Steun bleek onvoldoende' } },
  'transition.completed': { valid: [{ date: '2026-07-01', note: 'Alle cliënten overgedragen' }], broken: { date: '2026-07-32', note: 'Alle cliënten overgedragen' } },
};

const definition = providerReport;
const EVENT_TYPES = Object.keys(definition.events);

function ev(type: string, payload: Record<string, unknown> = SAMPLES[type]!.valid[0]!, role?: AnyRole): ProviderReportEvent {
  const sender = role ?? definition.events[type]!.roles[0]!;
  return { type, payload, actor: { role: sender, userId: `u-${sender}` }, at: AT } as ProviderReportEvent;
}
const INPUT = { caseId: 'MA-1', startedAt: AT, startedBy: { role: 'aanbieder' as const, userId: 'u-aanbieder' }, data: START };
const start = (): Snapshot => initialTransition(providerReportMachine, { ...INPUT, data: startSchema.parse(START) })[0];
const run = (s: Snapshot, ...events: ProviderReportEvent[]) => events.reduce((x, e) => step(providerReportMachine, x, e) as Snapshot, s);

const EVENT_SAMPLES: EventSamples = Object.fromEntries(EVENT_TYPES.map((type) => [type, SAMPLES[type]!.valid.map((p) => ev(type, p))]));
const EXPLORATION = exploreWithinAndAfterTerms(providerReportMachine, EVENT_SAMPLES, (machine, samples) => exploreMachine(machine, { input: INPUT, samples }));

describe('provider-report: generated from the definition', () => {
  it('is registered under its id with its title and start roles', () => {
    expect(definition.id).toBe('provider-report');
    expect(definition.title).toBe('Melding van de aanbieder');
    expect(definition.startRoles).toEqual(['aanbieder', 'contractmanager']);
  });

  generatedDefinitionTests({
    definition,
    samples: SAMPLES,
    events: EVENT_SAMPLES,
    exploration: EXPLORATION,
    rule: { title: 'from 002 §2.2.2, §3.1.4 or §3.2.2', pattern: /^002 §(2\.2\.2|3\.1\.4|3\.2\.2)/ },
    guardDescription: /\S{10}/,
    openStatesWaitOnSomeone: true,
    otherSchemas: [['start data', startSchema, START, { provider: '' }]],
    unknownField: 'unexpected',
  });

  it('the seed gives no term: no state declares a deadline, every open state names who must act', () => {
    for (const node of Object.values(providerReportMachine.root.states)) {
      expect((node.meta as { deadlines?: unknown }).deadlines).toBeUndefined();
    }
  });
});

describe('provider-report: 002 §3.1.4 "Signalen via de Inspectie", "Incidenten en Calamiteiten" (u dient deze te melden aan uw contractmanager)', () => {
  it('a calamity reported goes to the contract manager, who assesses it; the monitoring signal counts it', () => {
    const [reported, actions] = transition(providerReportMachine, start(), ev('signal.reported'));
    expect(reported.value).toBe('assessing');
    expect(actions.filter((a) => a.type === 'notify').map((a) => a.params)).toEqual([{ template: 'signal-reported', to: ['contractmanager'] }]);
    expect(definition.monitoringSignal!(reported.context as never)).toEqual({ outcome: 'calamiteit', category: 'gemeld' });
    const closed = run(reported, ev('signal.assessed'));
    expect(closed.value).toBe('closed');
    expect(definition.monitoringSignal!(closed.context as never)).toEqual({ outcome: 'calamiteit', category: 'besproken-met-aanbieder' });
  });

  it('an escalation ladder started from a report is linked by its case number, and only then', () => {
    const schema = definition.events['signal.assessed']!.schema;
    expect(schema.safeParse({ outcome: 'escalatieladder-gestart', reason: 'Herhaald incident: escalatieladder', escalationCaseId: 'EL-2026-ABCD' }).success).toBe(true);
    expect(schema.safeParse({ outcome: 'escalatieladder-gestart', reason: 'Herhaald incident: escalatieladder' }).success).toBe(false);
    expect(schema.safeParse({ outcome: 'geen-actie', reason: 'Afdoende maatregelen genomen', escalationCaseId: 'EL-2026-ABCD' }).success).toBe(false);
  });

  it('a report cannot precede what it reports', () => {
    expect(definition.events['signal.reported']!.schema.safeParse({ ...SIGNAL, occurredOn: '2026-05-02' }).success).toBe(false);
    expect(definition.events['financialDistress.reported']!.schema.safeParse({ ...DISTRESS, knownOn: '2026-05-02' }).success).toBe(false);
  });
});

describe('provider-report: 002 §3.2.2 dreigende surseance of faillissement "per direct"', () => {
  it('the days from knowing to reporting are recorded, and the commissioning body is told at once', () => {
    const [s, actions] = transition(providerReportMachine, start(), ev('financialDistress.reported'));
    expect(s.value).toEqual({ distress: 'discussing' });
    expect(s.context.distress?.daysToReport).toBe(3);
    expect(run(start(), ev('financialDistress.reported', { ...DISTRESS, knownOn: '2026-05-01' })).context.distress?.daysToReport).toBe(0);
    expect(actions.filter((a) => a.type === 'notify').map((a) => a.params)).toEqual([{ template: 'distress-reported', to: ['contractmanager', 'opdrachtgever-besluit'] }]);
  });

  it('"ondersteunen of de transitie van uw cliënten ... faciliteren": support can end averted or turn into a transition', () => {
    const supported = run(start(), ev('financialDistress.reported'), ev('distress.discussed'));
    expect(supported.value).toEqual({ distress: 'support' });
    expect(run(supported, ev('distress.averted')).value).toBe('closed');
    const moving = run(supported, ev('transition.started'));
    expect(moving.value).toEqual({ distress: 'transition' });
    expect(run(moving, ev('transition.completed')).value).toBe('closed');
    const direct = run(start(), ev('financialDistress.reported'), ev('distress.discussed', SAMPLES['distress.discussed']!.valid[1]!));
    expect(direct.value).toEqual({ distress: 'transition' });
  });
});

describe('provider-report: 002 §2.2.2 a subcontractor known "voor aanvang hulp"', () => {
  it('reported before (or on) the day its help starts: taken note of', () => {
    expect(run(start(), ev('subcontractor.reported')).value).toBe('subcontractorKnown');
    expect(run(start(), ev('subcontractor.reported', { ...SUBCONTRACTOR, careStartsOn: '2026-05-01' })).value).toBe('subcontractorKnown');
    expect(run(start(), ev('subcontractor.reported'), ev('subcontractor.acknowledged')).value).toBe('closed');
  });

  it('reported a day after its help started: recorded as not allowed, signalled and assessed', () => {
    const [late, actions] = transition(providerReportMachine, start(), ev('subcontractor.reported', { ...SUBCONTRACTOR, careStartsOn: '2026-04-30' }));
    expect(late.value).toBe('subcontractorLate');
    expect(late.context.subcontractor?.knownBeforeCare).toBe(false);
    expect(definition.monitoringSignal!(late.context as never)).toEqual({ outcome: 'onderaannemer', category: 'niet-voor-aanvang-hulp-bekend' });
    expect(actions.filter((a) => a.type === 'notify').map((a) => a.params)).toEqual([{ template: 'subcontractor-late', to: ['contractmanager', 'aanbieder'] }]);
    expect(late.can(ev('subcontractor.acknowledged'))).toBe(false);
    expect(run(late, ev('signal.assessed')).value).toBe('closed');
  });
});
