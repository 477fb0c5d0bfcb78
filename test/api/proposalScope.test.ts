// A proposal at the development table belongs to the dialogue, not to its proposer: every contracted
// provider sees it and reacts as itself (000/001 §3.2 Agenderen en meepraten; stap 8). The scope comes
// from the procedure definition (providerScope), the organisation from the signed-in user. No Temporal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorOf, assertInScope } from '../../api/access.ts';
import { HttpError } from '../../api/errors.ts';
import { hashPassword, loadUsers, UserDirectory } from '../../api/users.ts';
import { findProcedure } from '../../machines/index.ts';
import type { CaseView } from '../../workflows/engine.ts';
import { eventually, login, startHarness, token, type Agent, type Harness } from './harness.ts';

const eva = { id: 'eva', name: 'Eva', roles: ['aanbieder' as const], provider: 'zorg-oost' };
const joost = { id: 'joost', name: 'Joost', roles: ['gemeente' as const], organisation: 'gemeente-dordrecht' };

describe('proposal scope: every contracted provider of the table, each as itself', () => {
  it('"Alle Jeugdhulpaanbieders die een overeenkomst hebben met de SOJ ZHZ kunnen deelnemen aan de digitale dialoog": a provider sees another provider\'s proposal, not its other cases', () => {
    const proposal = findProcedure('proposal-lifecycle')!;
    const ladder = findProcedure('escalation-ladder')!;
    expect(() => assertInScope(eva, 'jeugdhulp-west', 'OT-1', proposal)).not.toThrow();
    // Another provider's other case reads as a case that does not exist.
    expect(() => assertInScope(eva, 'jeugdhulp-west', 'EL-1', ladder)).toThrow(expect.objectContaining({ code: 'CASE_NOT_FOUND' }));
    // Starting stays in one's own name (no definition passed: data.provider must be one's own).
    expect(() => assertInScope(eva, 'jeugdhulp-west')).toThrow(/may start cases only for it/);
  });

  it('the actor carries the organisation of the signed-in user: the provider code, else the municipality code', () => {
    expect(actorOf(eva, 'aanbieder')).toEqual({ role: 'aanbieder', userId: 'eva', organisation: 'zorg-oost' });
    expect(actorOf(joost, 'gemeente')).toEqual({ role: 'gemeente', userId: 'joost', organisation: 'gemeente-dordrecht' });
    expect(actorOf({ id: 'anna', name: 'Anna', roles: ['contractmanager'] }, 'contractmanager')).toEqual({ role: 'contractmanager', userId: 'anna' });
  });

  it('a municipality user names its organisation in the users file; a provider user does not name two', async () => {
    const passwordHash = await hashPassword('een lang wachtwoord');
    const users = UserDirectory.fromJson({ users: [{ id: 'joost', name: 'Joost', roles: ['gemeente'], organisation: 'gemeente-dordrecht', passwordHash }] });
    expect(users.find('joost')).toMatchObject({ organisation: 'gemeente-dordrecht' });
    expect(() => UserDirectory.fromJson({ users: [{ id: 'eva', name: 'Eva', roles: ['aanbieder'], provider: 'zorg-oost', organisation: 'gemeente-dordrecht', passwordHash }] })).toThrow(/organisation/);
    expect(() => UserDirectory.fromJson({ users: [{ id: 'joost', name: 'Joost', roles: ['gemeente'], organisation: 'Gemeente Dordrecht', passwordHash }] })).toThrow(/organisation/);
    const demo = loadUsers({ dataDir: '/nonexistent', consoleUrl: 'http://localhost:3000' });
    expect(demo.users.find('joost')?.organisation).toBe('gemeente-dordrecht');
  });
});

describe('proposal scope through the API (dev server)', () => {
  let h: Harness;
  let eva: Agent;
  let frank: Agent;
  beforeAll(async () => {
    h = await startHarness();
    [eva, frank] = await Promise.all([login(h.app, 'eva'), login(h.app, 'frank')]);
  });
  afterAll(async () => h?.close());

  const proposal = (provider: string) => ({
    provider,
    proposer: { kind: 'aanbieder', code: provider },
    title: 'Gezamenlijke aanpak wachtlijsten',
    summary: 'Aanbieders en SOJ maken één regionaal overzicht van wachttijden per segment.',
    topic: { scope: 'algemeen' },
    changesContract: true,
    table: { type: 'digitaal' },
  });

  it("another contracted provider sees the proposal, finds it in its list and gives feedback in its own name only; it cannot start one as a municipality", async () => {
    const caseId = `OT-${token(8).toUpperCase()}`;
    const started = await eva.post('/api/cases', { procedure: 'proposal-lifecycle', caseId, data: proposal(h.providerA) });
    expect(started.statusCode, started.body).toBe(201);

    const seen = await frank.get(`/api/cases/${caseId}`);
    expect(seen.statusCode, seen.body).toBe(200);
    const listed = await eventually(async () => {
      const list = (await frank.get('/api/cases?procedure=proposal-lifecycle')).json<{ caseId: string }[]>();
      if (!list.some((c) => c.caseId === caseId)) throw new Error('not listed yet');
      return list;
    });
    expect(listed.map((c) => c.caseId)).toContain(caseId);

    const inOtherName = await frank.post(`/api/cases/${caseId}/events`, { type: 'feedback.given', payload: { participant: { kind: 'aanbieder', code: h.providerA }, feedback: 'Namens een andere aanbieder' } });
    expect(inOtherName.statusCode, inOtherName.body).toBe(409);
    expect(inOtherName.json()).toMatchObject({ code: 'GUARD_FAILED' });
    const own = await frank.post(`/api/cases/${caseId}/events`, { type: 'feedback.given', payload: { participant: { kind: 'aanbieder', code: h.providerB }, feedback: 'Graag ook de GGZ-wachttijden meenemen' } });
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json<CaseView>().history.at(-1)).toMatchObject({ type: 'feedback.given', actor: { userId: 'frank', organisation: h.providerB } });

    const asMunicipality = await frank.post('/api/cases', {
      procedure: 'proposal-lifecycle',
      caseId: `OT-${token(8).toUpperCase()}`,
      data: { ...proposal(h.providerB), proposer: { kind: 'gemeente', code: h.providerB } },
    });
    expect(asMunicipality.statusCode, asMunicipality.body).toBe(403);
    expect(asMunicipality.json()).toMatchObject({ code: 'ROLE_NOT_ALLOWED', field: 'data.proposer' });
  });
});
