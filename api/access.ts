// Who may do what, on top of what the procedures already enforce (role per event, state, payload,
// guards): SCOPE (a provider's users see and act only on their own provider's cases) and which of a
// user's roles they act in. The actor's user id always comes from the session, never from the client.
import { listProcedures } from '../machines/index.ts';
import { seesOptOutPersonalData } from '../machines/privacy.ts';
import { ROLE_LABELS, type Actor, type ProcedureDefinition, type Role } from '../machines/types.ts';
import { HttpError } from './errors.ts';
import { caseNotFound } from '../operations/index.ts';
import type { User } from './users.ts';

export const SCOPE_RULE = 'een aanbieder ziet en behandelt alleen de zaken van de eigen organisatie';

/**
 * A provider's user reaching for another provider's case gets exactly the answer for a case that does
 * not exist (404 CASE_NOT_FOUND), so case numbers of other providers cannot be probed. Starting a case
 * for another provider (no case id yet) is refused as OUT_OF_SCOPE (403) on `data.provider`. A procedure
 * whose definition opens its cases to every contracted provider (`providerScope`, e.g. a proposal at the
 * development table) is in scope for every provider's user; starting one stays in the user's own name.
 */
export function assertInScope(user: User, caseProvider: string, caseId?: string, def?: Pick<ProcedureDefinition, 'providerScope'>): void {
  if (user.provider === undefined || user.provider === caseProvider) return;
  if (caseId !== undefined && def?.providerScope?.kind === 'every-contracted-provider') return;
  if (caseId !== undefined) throw caseNotFound(caseId);
  throw new HttpError({
    code: 'OUT_OF_SCOPE',
    // The other provider's code is not named: it is not this user's to know.
    message: `${user.id} acts for provider '${user.provider}' and may start cases only for it`,
    field: 'data.provider',
    rule: SCOPE_RULE,
  });
}

/**
 * The actor of a step, all from the session: the role chosen, the user id, and the organisation the user
 * acts for (a provider's code, else the user's `organisation`), which the procedures compare with the party
 * named in the payload.
 */
export function actorOf(user: User, role: Role): Actor & { role: Role } {
  const organisation = user.provider ?? user.organisation;
  return { role, userId: user.id, ...(organisation !== undefined ? { organisation } : {}) };
}

/** Procedures whose definition opens their cases to every contracted provider (`providerScope`): a provider's list shows them too. */
export function openToEveryProvider(): string[] {
  return listProcedures()
    .filter((d) => d.providerScope?.kind === 'every-contracted-provider')
    .map((d) => d.id);
}

/** The provider filter a user's list is restricted to (their own), refusing a request for another one. */
export function scopedProvider(user: User, requested: string | undefined): string | undefined {
  if (user.provider === undefined) return requested;
  if (requested !== undefined && requested !== user.provider) {
    throw new HttpError({
      code: 'OUT_OF_SCOPE',
      message: `${user.id} acts for provider '${user.provider}' and may not list the cases of '${requested}'`,
      field: 'provider',
      rule: SCOPE_RULE,
    });
  }
  return user.provider;
}

/** A role the client asked to act in must be one of the user's own. */
function ownRole(user: User, requested: Role | undefined, field: string): Role | undefined {
  if (requested === undefined) return undefined;
  if (!user.roles.includes(requested)) {
    throw new HttpError({
      code: 'FORBIDDEN',
      message: `${user.id} does not have role '${requested}' (roles: ${user.roles.join(', ')})`,
      field,
      rule: 'een gebruiker handelt alleen in een eigen rol',
    });
  }
  return requested;
}

/**
 * The role a user acts in for an event: the one asked for (if theirs), else their first role the event
 * allows, else their first role — which the procedure then refuses with ROLE_NOT_ALLOWED and its reason.
 */
export function actingRole(user: User, def: ProcedureDefinition | undefined, eventType: string, requested?: Role): Role {
  const own = ownRole(user, requested, 'role');
  if (own) return own;
  const allowed = def?.events[eventType]?.roles ?? [];
  return user.roles.find((r) => allowed.includes(r)) ?? user.roles[0]!;
}

/** The role a user starts a case in (same choice as for events, with the procedure's start roles). */
export function startingRole(user: User, def: ProcedureDefinition | undefined, requested?: Role): Role {
  const own = ownRole(user, requested, 'role');
  if (own) return own;
  return user.roles.find((r) => def?.startRoles.includes(r)) ?? user.roles[0]!;
}

/**
 * The role a case is viewed in. A user who holds a role that may not see the personal data of an opt-out
 * case (machines/privacy.ts) views as that role, so it is withheld from them whatever other roles they hold.
 */
export function viewingRole(user: User): Role {
  return user.roles.find((r) => !seesOptOutPersonalData(r)) ?? user.roles[0]!;
}

export function canStart(user: User, def: ProcedureDefinition): boolean {
  return user.roles.some((r) => def.startRoles.includes(r));
}

export function isSupervisor(user: User): boolean {
  return user.roles.includes('supervisor');
}

export function requireSupervisor(user: User): void {
  if (!isSupervisor(user)) {
    throw new HttpError({
      code: 'FORBIDDEN',
      message: `The supervisor board is for role 'supervisor' (${ROLE_LABELS.supervisor}); ${user.id} has ${user.roles.join(', ')}`,
      rule: 'alleen een supervisor ziet het toezichtbord',
    });
  }
}
