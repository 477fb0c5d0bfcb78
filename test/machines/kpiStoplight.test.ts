// KPI-stoplicht (002 §3.1.2 Normering KPI's; §3.1.4 the stoplight model's steps). Pure xstate stepping, no
// engine, no Temporal: the band function at every boundary of the seed's table, then the steps.
import { describe, expect, it } from 'vitest';
import { initialTransition, type AnyMachineSnapshot, type SnapshotFrom } from 'xstate';
import { startSchema as escalationStartSchema } from '../../machines/escalationLadderMachine.ts';
import {
  kpiStoplight,
  kpiStoplightMachine,
  scoreBand,
  sroiBand,
  startSchema,
  waitingTimeBand,
  type KpiStoplightEvent,
  type KpiStoplightStart,
} from '../../machines/kpiStoplightMachine.ts';
import { exploreMachine, explainRefusal, exploreWithinAndAfterTerms, step, type EventSamples } from '../../machines/testing.ts';
import type { AnyRole } from '../../machines/types.ts';
import { generatedDefinitionTests } from './generated.ts';

type Snapshot = SnapshotFrom<typeof kpiStoplightMachine>;

const AT = '2026-04-15T09:00:00.000Z';
const START: KpiStoplightStart = { provider: 'aanbieder-042', firstQuarter: '2026-Q1' };

const GREEN = { quarter: '2026-Q1', measuredOn: '2026-04-10', clientSatisfaction: 7.5, ceo: 7, waitingWithinTenWorkingDaysPercent: 92, sroi: { realisedPercent: 2, targetPercent: 2 } };
const RED = { ...GREEN, quarter: '2026-Q2', measuredOn: '2026-04-14', clientSatisfaction: 5.5 };

const SAMPLES: Record<string, { valid: Record<string, unknown>[]; broken: Record<string, unknown> }> = {
  'kpis.recorded': { valid: [GREEN, RED], broken: { ...GREEN, clientSatisfaction: 5.55 } },
  'results.discussed': { valid: [{ discussedOn: '2026-04-15', conclusion: 'Wachtlijst besproken; geen verbeterplan nodig' }], broken: { discussedOn: '2026-04-15' } },
  'improvementPlan.requested': {
    valid: [{ requestedOn: '2026-04-15', shortcomings: 'Cliënttevredenheid onvoldoende (5,5)' }],
    broken: { requestedOn: '2026-04-15', shortcomings: 'BSN 111222333 klaagt' },
  },
  'improvementPlan.submitted': {
    valid: [{ submittedOn: '2026-04-15', shortcomings: 'Lage tevredenheid over bereikbaarheid', solutions: 'Vaste contactpersoon per gezin', terms: 'Binnen één kwartaal' }],
    broken: { submittedOn: '2026-04-15', shortcomings: 'Lage tevredenheid', solutions: 'x', terms: 'Binnen één kwartaal' },
  },
  'improvement.assessed': {
    valid: [
      { assessedOn: '2026-04-15', sufficient: true, explanation: 'Tevredenheid gestegen naar 6,8' },
      { assessedOn: '2026-04-15', sufficient: false, explanation: 'Tevredenheid opnieuw onvoldoende' },
    ],
    broken: { assessedOn: '2026-04-15', sufficient: 'nee', explanation: 'Tevredenheid opnieuw onvoldoende' },
  },
  'escalation.linked': { valid: [{ escalationCase: 'EL-2026-9', startedOn: '2026-04-15' }], broken: { escalationCase: 'EL 9', startedOn: '2026-04-15' } },
  'escalation.waived': { valid: [{ reason: 'Nieuwe directie; eerst een extra gesprek' }], broken: { reason: 'x'.repeat(201) } },
  'monitoring.ended': { valid: [{ endedOn: '2026-04-15', reason: 'Einde van de overeenkomst' }], broken: { endedOn: '2026-04-15', reason: 'kort' } },
};

const definition = kpiStoplight;
const EVENT_TYPES = Object.keys(definition.events);

function ev(type: string, payload: Record<string, unknown> = SAMPLES[type]!.valid[0]!, role?: AnyRole): KpiStoplightEvent {
  const sender = role ?? definition.events[type]!.roles[0]!;
  return { type, payload, actor: { role: sender, userId: `u-${sender}` }, at: AT } as KpiStoplightEvent;
}
const INPUT = { caseId: 'KPI-1', startedAt: AT, startedBy: { role: 'contractmanager' as const, userId: 'u-contractmanager' }, data: START };
const start = (): Snapshot => initialTransition(kpiStoplightMachine, INPUT)[0];
const run = (snapshot: Snapshot, ...events: KpiStoplightEvent[]): Snapshot => events.reduce((s, e) => step(kpiStoplightMachine, s, e) as Snapshot, snapshot);
const kpis = (over: Record<string, unknown>) => ev('kpis.recorded', { ...GREEN, ...over });
const insufficient = ev('improvement.assessed', SAMPLES['improvement.assessed']!.valid[1]!);

const EVENT_SAMPLES: EventSamples = Object.fromEntries(EVENT_TYPES.map((type) => [type, SAMPLES[type]!.valid.map((payload) => ev(type, payload))]));
const KEY = (s: AnyMachineSnapshot) => {
  const ctx = s.context as Snapshot['context'];
  return JSON.stringify([s.value, ctx.quarters.map((q) => q.quarter), ctx.redKpis, !!ctx.suggestedEscalation, !!ctx.escalation, !!ctx.planRequest]);
};
const EXPLORATION = exploreWithinAndAfterTerms(kpiStoplightMachine, EVENT_SAMPLES, (machine, samples) => exploreMachine(machine, { input: INPUT, samples, key: KEY }));

describe('kpi-stoplight: generated from the definition', () => {
  it('is registered under its id with its title and seed', () => {
    expect(definition.id).toBe('kpi-stoplight');
    expect(definition.title).toBe('KPI-stoplicht');
    expect(definition.seed).toMatch(/^002 .*§3\.1\.2/);
  });

  generatedDefinitionTests({
    definition,
    samples: SAMPLES,
    events: EVENT_SAMPLES,
    exploration: EXPLORATION,
    rule: { title: 'from 002 §3.1.2', pattern: /^002 §3\.1\.2/ },
    guardDescription: /\S{10}/,
    openStatesWaitOnSomeone: true,
    otherSchemas: [['start data', startSchema, START, { ...START, firstQuarter: '2026-Q5' }]],
    unknownField: 'unexpected',
  });
});

describe("kpi-stoplight: the norms of 002 §3.1.2 (Normering KPI's)", () => {
  it('client satisfaction and CEO: red ≤ 5,5, orange 5,6–6,9, green ≥ 7', () => {
    expect(scoreBand(1)).toBe('rood');
    expect(scoreBand(5.5)).toBe('rood');
    expect(scoreBand(5.6)).toBe('oranje');
    expect(scoreBand(6.9)).toBe('oranje');
    expect(scoreBand(7.0)).toBe('groen');
    expect(scoreBand(10)).toBe('groen');
  });

  it('waiting time within 10 working days: red below 80%, orange 80% up to 89%, green 90% and higher', () => {
    expect(waitingTimeBand(0)).toBe('rood');
    expect(waitingTimeBand(79.9)).toBe('rood');
    expect(waitingTimeBand(80)).toBe('oranje');
    expect(waitingTimeBand(89.9)).toBe('oranje');
    expect(waitingTimeBand(90)).toBe('groen');
    expect(waitingTimeBand(100)).toBe('groen');
  });

  it('SROI: below the target is red, at or above it green (the seed has no orange)', () => {
    expect(sroiBand(1.9, 2)).toBe('rood');
    expect(sroiBand(2, 2)).toBe('groen');
    expect(sroiBand(2.1, 2)).toBe('groen');
  });

  it('scores take at most one decimal, so no value falls between the bands (5,55 is refused)', () => {
    const schema = definition.events['kpis.recorded']!.schema;
    expect(schema.safeParse({ ...GREEN, clientSatisfaction: 5.55 }).success).toBe(false);
    expect(schema.safeParse({ ...GREEN, waitingWithinTenWorkingDaysPercent: 79.95 }).success).toBe(false);
    expect(schema.safeParse({ ...GREEN, ceo: 11 }).success).toBe(false);
    expect(schema.safeParse({ ...GREEN, sroi: undefined }).success).toBe(true);
  });

  it('each quarter is recorded with its bands, once, and the stoplight keeps every quarter in order', () => {
    const s = run(start(), kpis({ quarter: '2026-Q2', ceo: 6.9, waitingWithinTenWorkingDaysPercent: 80 }), kpis({ quarter: '2026-Q1' }));
    expect(s.value).toBe('measuring');
    expect(s.context.quarters.map((q) => [q.quarter, q.bands])).toEqual([
      ['2026-Q1', { clientSatisfaction: 'groen', ceo: 'groen', waitingTime: 'groen', sroi: 'groen' }],
      ['2026-Q2', { clientSatisfaction: 'groen', ceo: 'oranje', waitingTime: 'oranje', sroi: 'groen' }],
    ]);
    expect(s.can(kpis({ quarter: '2026-Q1' }))).toBe(false);
    expect(explainRefusal(kpiStoplightMachine, s, kpis({ quarter: '2026-Q1' })).blockingGuards).toContain('isNewQuarter');
    expect(s.can(kpis({ quarter: '2025-Q4' }))).toBe(false);
  });

  it('orange is not red: no improvement plan is offered', () => {
    const s = run(start(), kpis({ clientSatisfaction: 5.6, ceo: 6.9, waitingWithinTenWorkingDaysPercent: 89.9 }));
    expect(s.value).toBe('measuring');
    expect(s.can(ev('improvementPlan.requested'))).toBe(false);
  });
});

describe('kpi-stoplight: the steps of the stoplight model (002 §3.1.4)', () => {
  it('a red KPI offers an improvement plan; the red KPIs and their quarter are recorded', () => {
    const s = run(start(), kpis({ waitingWithinTenWorkingDaysPercent: 79.9, sroi: { realisedPercent: 1, targetPercent: 2 } }));
    expect(s.value).toBe('red');
    expect(s.context.redKpis).toEqual(['waitingTime', 'sroi']);
    expect(s.context.redQuarter).toBe('2026-Q1');
    expect(s.can(ev('improvementPlan.requested'))).toBe(true);
  });

  it('red does not force a plan: after the tactical meeting the contract manager may close the red without one', () => {
    const s = run(start(), ev('kpis.recorded', RED), ev('results.discussed'));
    expect(s.value).toBe('measuring');
    expect(s.context.redKpis).toEqual([]);
    expect(s.context.discussions[0]!.quarter).toBe('2026-Q2');
  });

  it('the improvement plan has no term in the seed: the case waits on the provider, and the plan names shortcomings, solutions and terms', () => {
    const s = run(start(), ev('kpis.recorded', RED), ev('improvementPlan.requested'));
    expect(s.value).toEqual({ improvementPlan: 'awaitingPlan' });
    const meta = s.getMeta() as Record<string, { waitingOn: string[]; deadlines?: unknown[] }>;
    expect(meta['kpiStoplight.improvementPlan.awaitingPlan']!.waitingOn).toEqual(['aanbieder']);
    expect(meta['kpiStoplight.improvementPlan.awaitingPlan']!.deadlines).toBeUndefined();
    const { terms: _omitted, ...withoutTerms } = SAMPLES['improvementPlan.submitted']!.valid[0]!;
    expect(definition.events['improvementPlan.submitted']!.schema.safeParse(withoutTerms).success).toBe(false);
  });

  it('sufficient improvement ends the red; quarters keep being recorded meanwhile', () => {
    const s = run(start(), ev('kpis.recorded', RED), ev('improvementPlan.requested'), ev('improvementPlan.submitted'), kpis({ quarter: '2026-Q3' }), ev('improvement.assessed'));
    expect(s.value).toBe('measuring');
    expect(s.context.quarters.map((q) => q.quarter)).toEqual(['2026-Q2', '2026-Q3']);
    expect(s.context.suggestedEscalation).toBeUndefined();
  });

  it('insufficient improvement offers the escalation ladder (art. 8.2), linked to this case with its start data prefilled', () => {
    const s = run(start(), ev('kpis.recorded', RED), ev('improvementPlan.requested'), ev('improvementPlan.submitted'), insufficient);
    expect(s.value).toBe('escalationOffered');
    const suggested = s.context.suggestedEscalation!;
    expect(suggested).toMatchObject({ procedure: 'escalation-ladder', fromCase: 'KPI-1', data: { provider: 'aanbieder-042', signal: { category: 'kwaliteit' } } });
    expect(suggested.data.signal.description).toMatch(/^Signaal uit zaak KPI-1: .*Cliënttevredenheid.*2026-Q2/);
    expect(escalationStartSchema.safeParse(suggested.data).success).toBe(true);
    const linked = run(s, ev('escalation.linked'));
    expect(linked.value).toBe('measuring');
    expect(linked.context.escalation).toMatchObject({ escalationCase: 'EL-2026-9' });
  });

  it('no escalation ladder before an improvement plan proved insufficient', () => {
    const red = run(start(), ev('kpis.recorded', RED));
    expect(red.can(ev('escalation.linked'))).toBe(false);
    const plan = run(red, ev('improvementPlan.requested'), ev('improvementPlan.submitted'));
    expect(plan.can(ev('escalation.linked'))).toBe(false);
  });
});
