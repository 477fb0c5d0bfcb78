// A proposal at the development table belongs to the dialogue, not to its proposer: every contracted
// provider sees it and reacts as itself (000/001 §3.2 Agenderen en meepraten; stap 8). The scope comes
// from the procedure definition (providerScope), the organisation from the signed-in user. No Temporal.
import { describe, expect, it } from 'vitest';
import { actorOf, assertInScope } from '../../api/access.ts';
import { HttpError } from '../../api/errors.ts';
import { hashPassword, loadUsers, UserDirectory } from '../../api/users.ts';
import { findProcedure } from '../../machines/index.ts';

const eva = { id: 'eva', name: 'Eva', roles: ['aanbieder' as const], provider: 'zorg-oost' };
const joost = { id: 'joost', name: 'Joost', roles: ['gemeente' as const], organisation: 'gemeente-dordrecht' };

describe('proposal scope: every contracted provider of the table, each as itself', () => {
  it('"Alle Jeugdhulpaanbieders die een overeenkomst hebben met de SOJ ZHZ kunnen deelnemen aan de digitale dialoog": a provider sees another provider\'s proposal, not its other cases', () => {
    const proposal = findProcedure('proposal-lifecycle')!;
    const ladder = findProcedure('escalation-ladder')!;
    expect(() => assertInScope(eva, 'jeugdhulp-west', 'OT-1', proposal)).not.toThrow();
    expect(() => assertInScope(eva, 'jeugdhulp-west', 'EL-1', ladder)).toThrow(HttpError);
    // Starting stays in one's own name (no definition passed: data.provider must be one's own).
    expect(() => assertInScope(eva, 'jeugdhulp-west')).toThrow(/belongs to another provider/);
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
