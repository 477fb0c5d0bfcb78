// The law builds its records with `stamped(record, fields)` instead of `{ ...record, field }` (V8's slow
// path, machines/immutable.ts). A record is part of the law's answer and of every replayed history, so
// `stamped` must give exactly the object the spread gave: the same fields, values and key order.
import { describe, expect, it } from 'vitest';
import { stamped } from '../../machines/immutable.ts';

/** The object the machines built before `stamped`, as the reference. */
const spread = <T extends object, U extends object>(record: T, fields: U) => ({ ...record, ...fields });

function expectSameAsSpread(record: object, fields: object): void {
  const before = JSON.stringify(record);
  const result = stamped(record, fields);
  const reference = spread(record, fields);
  expect(result).toStrictEqual(reference);
  expect(Object.keys(result)).toEqual(Object.keys(reference));
  expect(JSON.stringify(result)).toBe(JSON.stringify(reference));
  expect(result).not.toBe(record);
  expect(JSON.stringify(record)).toBe(before);
}

describe('a record stamped by the law is the record a spread gave', () => {
  it('new fields follow the payload in order: { ...payload, at, by }', () => {
    const payload = { date: '2026-03-02', summary: 'Hoorzitting gehouden' };
    const result = stamped(payload, { at: '2026-03-02T10:00:00.000Z', by: { userId: 'cm-1', role: 'contractmanager' } });
    expect(JSON.stringify(result)).toBe(
      '{"date":"2026-03-02","summary":"Hoorzitting gehouden","at":"2026-03-02T10:00:00.000Z","by":{"userId":"cm-1","role":"contractmanager"}}',
    );
    expectSameAsSpread(payload, { at: '2026-03-02T10:00:00.000Z', by: { userId: 'cm-1', role: 'contractmanager' } });
  });

  it('a field the record already has is replaced in its own place, the later value winning', () => {
    const measure = { id: 1, status: 'proposed', suspended: true, endedAt: null as string | null };
    const result = stamped(measure, { status: 'withdrawn', endedAt: '2026-04-01T09:00:00.000Z', endReason: 'Bezwaar gegrond verklaard' });
    expect(Object.keys(result)).toEqual(['id', 'status', 'suspended', 'endedAt', 'endReason']);
    expect(result.status).toBe('withdrawn');
    expectSameAsSpread(measure, { status: 'withdrawn', endedAt: '2026-04-01T09:00:00.000Z', endReason: 'Bezwaar gegrond verklaard' });
  });

  it('a record with only some of its own fields replaced (a measure record, 23 fields) is the record the spread gave', () => {
    const names = ['id', 'rung', 'instrument', 'proposal', 'recoveryTermWorkingDays', 'fromRung', 'status', 'suspended', 'proposedAt', 'proposedBy', 'approvedAt', 'approvedBy', 'takenOn', 'registeredLetter', 'recoveryTermStartsOn', 'rejectedAt', 'rejectedBy', 'rejectionReason', 'endedAt', 'endReason', 'objectionWindowExpiredAt', 'recovery', 'recoveryFailure'];
    const measure: Record<string, unknown> = Object.fromEntries(names.map((name) => [name, null]));
    const replaced = stamped(measure, { status: 'approved', approvedAt: '2026-03-04T09:00:00.000Z', recovery: 'running' });
    expect(Object.keys(replaced)).toEqual(names);
    expect(replaced['status']).toBe('approved');
    expectSameAsSpread(measure, { status: 'approved', approvedAt: '2026-03-04T09:00:00.000Z', recovery: 'running' });
    expectSameAsSpread(measure, { suspended: false, lateField: 'nieuw' });
    expectSameAsSpread({ summary: 'kort', date: '2026-01-01' }, { summary: 'vervangen' });
  });

  it('undefined values are kept as fields, as the spread keeps them (replacing and new)', () => {
    const record = { note: 'eerste' as string | undefined, date: '2026-01-05' };
    const result = stamped(record, { note: undefined, extra: undefined });
    expect(Object.keys(result)).toEqual(['note', 'date', 'extra']);
    expect('extra' in result).toBe(true);
    expectSameAsSpread(record, { note: undefined, extra: undefined });
  });

  it('nested objects are shared, not copied, and the record itself is left unchanged', () => {
    const registeredLetter = { reference: 'AB-1', date: '2026-02-02' };
    const record = { rung: 3, registeredLetter, evidence: ['verslag'] };
    const result = stamped(record, { answer: { summary: 'Akkoord', receivedAt: '2026-02-03T08:00:00.000Z' } });
    expect(result.registeredLetter).toBe(registeredLetter);
    expect(result.evidence).toBe(record.evidence);
    expect(record).toEqual({ rung: 3, registeredLetter: { reference: 'AB-1', date: '2026-02-02' }, evidence: ['verslag'] });
    expectSameAsSpread(record, { answer: { summary: 'Akkoord', receivedAt: '2026-02-03T08:00:00.000Z' } });
  });

  it('conditional fields spread inside the stamp appear only when present: stamped(a, { x, ...(c ? { y } : {}) })', () => {
    const action = { id: 'A1', status: 'open', byWhen: '2026-05-01' };
    for (const note of [undefined, 'Gesprek gevoerd']) {
      const fields = { status: 'afgerond', completedOn: '2026-04-20', ...(note !== undefined ? { note } : {}) };
      expect('note' in stamped(action, fields)).toBe(note !== undefined);
      expectSameAsSpread(action, fields);
    }
  });

  it('only own enumerable fields are taken, as the spread takes them', () => {
    const record = Object.create({ inherited: 'nee' }, { own: { value: 'ja', enumerable: true }, hidden: { value: 'verborgen', enumerable: false } }) as object;
    const result = stamped(record, { at: '2026-01-01T00:00:00.000Z' });
    expect(Object.keys(result)).toEqual(['own', 'at']);
    expectSameAsSpread(record, { at: '2026-01-01T00:00:00.000Z' });
  });
});
