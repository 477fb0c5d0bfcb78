// Wijziging bij de aanbieder (002 §2.2.1 and §3.2.2). Pure xstate stepping, no Temporal: the generated cases
// from the definition, then the rules of the seed one by one.
import { describe, expect, it } from 'vitest';
import { initialTransition, transition, type AnyMachineSnapshot, type SnapshotFrom } from 'xstate';
import {
  isValidIban,
  LEAD_TIME_DAYS,
  providerChange,
  providerChangeMachine,
  startSchema,
  type ProviderChangeEvent,
} from '../../machines/providerChangeMachine.ts';
import { exploreMachine, exploreWithinAndAfterTerms, findUnhandledDeadlines, findUnresolvedDeadlinePaths, step, type EventSamples } from '../../machines/testing.ts';
import type { AnyRole, StateMeta } from '../../machines/types.ts';
import { generatedDefinitionTests } from './generated.ts';

type Snapshot = SnapshotFrom<typeof providerChangeMachine>;
const AT = '2026-05-31T09:00:00.000Z';
const START = { provider: 'aanbieder-042' };
const IBAN = 'NL91ABNA0417164300';

const BANK = { submittedOn: '2026-05-31', iban: IBAN, statementDate: '2026-05-20', statementShowsProviderDetails: true };
const ASSESSMENT = { periodFrom: '2025-11-01', periodUntil: '2026-04-30', findings: 'Afspraken worden niet nagekomen en overleggen worden afgezegd' };
const CONVERSATION = { date: '2026-05-25', providersManagerPresent: true, outcome: 'verzoek-andere-contractmanager', report: 'Gesprek met de teamleider: geen verbetering te verwachten' };

const SAMPLES: Record<string, { valid: Record<string, unknown>[]; broken: Record<string, unknown> }> = {
  'bankChange.submitted': {
    valid: [BANK, { ...BANK, statementDate: '2026-02-27' }], // the second is older than 3 months
    broken: { ...BANK, iban: 'NL91ABNA0417164301' },
  },
  'registrationChange.submitted': {
    valid: [{ registration: 'kvk-nummer', newNumber: '12345678', effectiveOn: '2026-06-01', proFormaInvoice: { reference: 'PF-2026-01', date: '2026-05-28' } }],
    broken: { registration: 'btw-nummer', newNumber: '12345678', effectiveOn: '2026-06-01', proFormaInvoice: { reference: 'PF-2026-01', date: '2026-05-28' } },
  },
  'contactChange.submitted': {
    valid: [{ change: 'adresgegevens', description: 'Nieuw vestigingsadres: Weena 10, Rotterdam', effectiveOn: '2026-06-01' }],
    broken: { change: 'adresgegevens', description: 'Jeugdige 111222333 verhuist', effectiveOn: '2026-06-01' },
  },
  'change.processed': { valid: [{ processedOn: '2026-06-05' }], broken: { processedOn: '5 juni' } },
  'change.rejected': { valid: [{ reason: 'Het bankafschrift toont het adres van de aanbieder niet' }], broken: { reason: 'nee' } },
  'leadTime.expired': { valid: [{ deadline: 'leadTime' }], broken: { deadline: 'anders' } },
  'assessment.recorded': {
    valid: [ASSESSMENT, { ...ASSESSMENT, periodUntil: '2026-04-29' }], // the second covers a day less than 6 months
    broken: { ...ASSESSMENT, findings: 'kort' },
  },
  'conversation.held': {
    valid: [CONVERSATION, { ...CONVERSATION, outcome: 'oplossing-afgesproken' }],
    broken: { ...CONVERSATION, providersManagerPresent: false },
  },
  'replacement.appointed': {
    valid: [{ appointedOn: '2026-06-10', position: 'Manager bedrijfsvoering', backupAppointed: true }],
    broken: { appointedOn: '2026-06-10', position: 'Manager bedrijfsvoering', backupAppointed: false },
  },
  'change.withdrawn': { valid: [{ reason: 'Rekeningnummer blijft toch hetzelfde' }], broken: { reason: '' } },
};

const definition = providerChange;
const EVENT_TYPES = Object.keys(definition.events);

function ev(type: string, payload: Record<string, unknown> = SAMPLES[type]!.valid[0]!, role?: AnyRole): ProviderChangeEvent {
  const sender = role ?? definition.events[type]!.roles[0]!;
  return { type, payload, actor: { role: sender, userId: `u-${sender}` }, at: AT } as ProviderChangeEvent;
}
const INPUT = { caseId: 'WA-1', startedAt: AT, startedBy: { role: 'aanbieder' as const, userId: 'u-aanbieder' }, data: START };
function start(): Snapshot {
  return initialTransition(providerChangeMachine, { ...INPUT, data: startSchema.parse(START) })[0];
}
const run = (s: Snapshot, ...events: ProviderChangeEvent[]) => events.reduce((x, e) => step(providerChangeMachine, x, e) as Snapshot, s);

/** What the guards read; rejections beyond the first add nothing to explore. */
const KEY = (s: AnyMachineSnapshot) => {
  const ctx = s.context as Snapshot['context'];
  return JSON.stringify([s.value, { ...ctx, rejections: ctx.rejections.length > 0 }]);
};
const EVENT_SAMPLES: EventSamples = Object.fromEntries(EVENT_TYPES.map((type) => [type, SAMPLES[type]!.valid.map((p) => ev(type, p))]));
const EXPLORATION = exploreWithinAndAfterTerms(providerChangeMachine, EVENT_SAMPLES, (machine, samples) => exploreMachine(machine, { input: INPUT, samples, key: KEY }));

describe('provider-change: generated from the definition', () => {
  it('is registered under its id with its title and start roles', () => {
    expect(definition.id).toBe('provider-change');
    expect(definition.title).toBe('Wijziging bij de aanbieder');
    expect(definition.startRoles).toEqual(['aanbieder', 'contractmanager', 'contractbeheer']);
  });

  generatedDefinitionTests({
    definition,
    samples: SAMPLES,
    events: EVENT_SAMPLES,
    exploration: EXPLORATION,
    rule: { title: 'from 002 §2.2.1 or §3.2.2', pattern: /^002 §(2\.2\.1|3\.2\.2)/ },
    guardDescription: /\S{10}/,
    openStatesWaitOnSomeone: true,
    otherSchemas: [['start data', startSchema, START, { provider: 'a b' }]],
    unknownField: 'unexpected',
  });

  it('every deadline\'s onExpiry is handled where it is declared while the term runs, and does something', () => {
    expect(findUnhandledDeadlines(EXPLORATION.withinTerms)).toEqual([]);
    expect(findUnresolvedDeadlinePaths(EXPLORATION.explored)).toEqual([]);
  });
});

describe('provider-change: 002 §3.2.2 "een recent bankafschrift (niet ouder dan 3 maanden)"', () => {
  const bank = (statementDate: string, submittedOn = '2026-05-31') => ev('bankChange.submitted', { ...BANK, submittedOn, statementDate });
  it('a statement exactly 3 months old is accepted; a day older is refused', () => {
    // 31 May − 3 months = 28 February (the month has no 31st).
    expect(start().can(bank('2026-02-28'))).toBe(true);
    expect(start().can(bank('2026-02-27'))).toBe(false);
    expect(start().can(bank('2026-03-15', '2026-06-15'))).toBe(true);
    expect(start().can(bank('2026-03-14', '2026-06-15'))).toBe(false);
  });

  it('leap year: submitted on 31 May 2028, a statement of 29 February 2028 is exactly 3 months old', () => {
    expect(start().can(bank('2028-02-29', '2028-05-31'))).toBe(true);
    expect(start().can(bank('2028-02-28', '2028-05-31'))).toBe(false);
  });

  it('a statement dated after the submission (in the future) is refused; the same day is accepted', () => {
    expect(start().can(bank('2026-06-01'))).toBe(false);
    expect(start().can(bank('2026-05-31'))).toBe(true);
  });

  it('the statement must show the provider\'s name and address, and the IBAN its check digits', () => {
    const schema = definition.events['bankChange.submitted']!.schema;
    expect(schema.safeParse({ ...BANK, statementShowsProviderDetails: false }).success).toBe(false);
    expect(isValidIban('NL91 ABNA 0417 1643 00')).toBe(true);
    expect(isValidIban('NL91ABNA0417164301')).toBe(false);
    expect(definition.events['bankChange.submitted']!.termStartDates).toEqual(['submittedOn']);
  });

  it(`"Houdt rekening met een doorlooptijd van 2 weken": ${LEAD_TIME_DAYS} calendar days from the submission, then overdue and still processable`, () => {
    const s = run(start(), bank('2026-05-20'));
    expect(s.value).toEqual({ bankAccount: 'pending' });
    const node = providerChangeMachine.root.states.bankAccount!;
    const d = (node.meta as StateMeta).deadlines![0]!;
    expect(d).toMatchObject({ kind: 'days', n: 14, startsFromContext: 'bankChange.submittedOn', waitingOn: ['contractbeheer'] });
    expect(s.context.bankChange?.submittedOn).toBe('2026-05-31');
    const [overdue, actions] = transition(providerChangeMachine, s, ev('leadTime.expired', { deadline: 'leadTime' }, 'system'));
    expect(overdue.value).toEqual({ bankAccount: 'overdue' });
    expect(overdue.context.leadTimeOverdue).toBe(true);
    expect(actions.filter((a) => a.type === 'notify').map((a) => a.params)).toEqual([{ template: 'bank-change-overdue', to: ['contractbeheer', 'contractmanager'] }]);
    expect(run(overdue, ev('change.processed')).value).toBe('done');
  });

  it('a change without proper evidence is sent back to the provider, who submits again', () => {
    const back = run(start(), bank('2026-05-20'), ev('change.rejected'));
    expect(back.value).toBe('open');
    expect(back.context.rejections).toHaveLength(1);
    expect(run(back, bank('2026-05-25')).value).toEqual({ bankAccount: 'pending' });
  });
});

describe('provider-change: 002 §3.2.2 KvK, AGB, btw: "een pro-forma factuur voldoende"', () => {
  it('the change needs a pro-forma invoice and a number in the right form', () => {
    const schema = definition.events['registrationChange.submitted']!.schema;
    const ok = SAMPLES['registrationChange.submitted']!.valid[0]!;
    expect(schema.safeParse(ok).success).toBe(true);
    expect(schema.safeParse({ ...ok, proFormaInvoice: undefined }).success).toBe(false);
    expect(schema.safeParse({ ...ok, registration: 'btw-nummer', newNumber: 'NL123456789B01' }).success).toBe(true);
    expect(schema.safeParse({ ...ok, registration: 'agb-code', newNumber: '1234567' }).success).toBe(false);
    const s = run(start(), ev('registrationChange.submitted'));
    expect(s.value).toBe('registration');
    expect(run(s, ev('change.processed', { processedOn: '2026-06-02' }, 'contractbeheer')).value).toBe('done');
  });
});

describe('provider-change: 002 §2.2.1 the provider\'s contract manager', () => {
  it('"op basis van een periode van 6 maanden": an assessment over a day less is refused', () => {
    expect(start().can(ev('assessment.recorded', { ...ASSESSMENT, periodUntil: '2026-04-29' }))).toBe(false);
    expect(run(start(), ev('assessment.recorded')).value).toEqual({ providerContact: 'conversation' });
  });

  it('"Opdrachtnemer zal dit verzoek inwilligen": after the request the provider can only appoint another contract manager with a back-up', () => {
    const asked = run(start(), ev('assessment.recorded'), ev('conversation.held'));
    expect(asked.value).toEqual({ providerContact: 'awaitingReplacement' });
    const allowed = new Set(EVENT_TYPES.filter((t) => asked.can(ev(t))));
    expect([...allowed]).toEqual(['replacement.appointed']);
    expect(definition.events['replacement.appointed']!.schema.safeParse({ ...SAMPLES['replacement.appointed']!.valid[0]!, backupAppointed: false }).success).toBe(false);
    expect(run(asked, ev('replacement.appointed')).value).toBe('done');
  });

  it('the conversation includes the provider\'s manager; an agreed solution closes the case', () => {
    const solved = run(start(), ev('assessment.recorded'), ev('conversation.held', { ...CONVERSATION, outcome: 'oplossing-afgesproken' }));
    expect(solved.value).toBe('done');
    expect(definition.events['conversation.held']!.schema.safeParse({ ...CONVERSATION, providersManagerPresent: false }).success).toBe(false);
  });
});
