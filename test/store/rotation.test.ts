// The rotation register (002 §2.3.2) on the store: a refused assignment writes nothing; a replacement ends
// the holder the day before in the same transaction; former employers are kept for the 2-year rule.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMemoryStore, type Store } from '../../store/index.ts';
import { createRotationRegister } from '../../operations/rotation.ts';
import { ProcedureError } from '../../workflows/errors.ts';

let store: Store;
beforeAll(async () => {
  store = await openMemoryStore();
});
afterAll(async () => {
  await store.close();
});

describe('rotation register (002 §2.3.2)', () => {
  it('a pair breaking "koppels van 2 contractmanagers" is refused and nothing is written', async () => {
    const register = createRotationRegister(store);
    const refused = await register.assign({ provider: 'zorg-west', first: 'cm-a', from: '2026-01-05' }, { actor: 'sup-1', today: '2026-01-05' });
    expect(refused.applied).toBe(false);
    expect(refused.refusals[0]!.kind).toBe('pair');
    expect((await register.list()).assignments.filter((a) => a.provider === 'zorg-west')).toEqual([]);
  });

  it('a replacement ends the holder the day before; the pair stays complete', async () => {
    const register = createRotationRegister(store);
    expect((await register.assign({ provider: 'zorg-noord', first: 'cm-a', second: 'cm-b', from: '2025-01-01' }, { actor: 'sup-1', today: '2025-01-01' })).applied).toBe(true);
    expect((await register.assign({ provider: 'zorg-noord', second: 'cm-c', from: '2026-02-01' }, { actor: 'sup-1', today: '2026-02-01' })).applied).toBe(true);
    const rows = (await register.list()).assignments.filter((a) => a.provider === 'zorg-noord').map((a) => [a.userId, a.position, a.from, a.until]);
    expect(rows).toEqual([
      ['cm-a', 1, '2025-01-01', undefined],
      ['cm-b', 2, '2025-01-01', '2026-01-31'],
      ['cm-c', 2, '2026-02-01', undefined],
    ]);
    expect((await register.check('2026-02-01')).violations).toEqual([]);
  });

  it('a former employer recorded blocks the provider for 2 years after leaving ("niet binnen een periode van 2 jaar na vertrek")', async () => {
    const register = createRotationRegister(store);
    await register.recordEmployment({ userId: 'cm-x', provider: 'zorg-zuid', leftOn: '2025-06-30' }, { actor: 'sup-1' });
    const early = await register.assign({ provider: 'zorg-zuid', first: 'cm-x', second: 'cm-y', from: '2027-06-30' }, { actor: 'sup-1', today: '2027-06-30' });
    expect(early.refusals.map((r) => r.kind)).toEqual(['cooling']);
    expect((await register.assign({ provider: 'zorg-zuid', first: 'cm-x', second: 'cm-y', from: '2027-07-01' }, { actor: 'sup-1', today: '2027-07-01' })).applied).toBe(true);
  });

  it('bad input is refused naming the field, before any rule', async () => {
    const register = createRotationRegister(store);
    const err = await register.assign({ provider: 'zorg-oost', first: 'cm-a', second: 'cm-b', from: '2026-02-30' }, { actor: 'sup-1', today: '2026-01-01' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProcedureError);
    expect((err as ProcedureError).field).toBe('from');
  });
});
