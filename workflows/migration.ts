// Moving a running case to a newer version of its procedure: pure, like the rest of the engine. A case
// keeps the version of the law it started under; a supervisor moves it on only by an explicit migration
// (ground and reason, recorded in the dossier), and only from a state the NEW version declares safe.
// The workflow waits for its effects in flight, applies this step, then continues as new on the new version.
import { z } from 'zod';
import { amsterdamDateOf } from '../calendar/index.ts';
import { containsBsn, NO_BSN_MESSAGE } from '../machines/schemas.ts';
import type { Actor, ProcedureDefinition } from '../machines/types.ts';
import { mapStatePath, procedureKey, stateValueOf, uncoveredStates } from '../machines/versions.ts';
import { activeNodes, persist, reconcileDeadlines, stateLabel, stateString, viewCase, MAX_REASON, type CaseRuntime, type HistoryEntry, type PersistedCase } from './engine.ts';
import { ProcedureError } from './errors.ts';
import { GROUNDS_PER_FIX, SUPERVISOR_GROUNDS } from './supervisorGrounds.ts';

export interface MigrateCaseInput {
  actor: Actor;
  /** The version to move to (default: the newest). It must migrate from the case's version. */
  toVersion?: unknown;
  ground: unknown;
  reason: unknown;
}

export const MIGRATION_RULE =
  'a running case keeps the version of the procedure it started under; only a supervisor moves it to a newer version, with a ground and a reason, from a state that version declares safe, and never shortens a running term';

const migrationSchema = z
  .object({
    toVersion: z.number().int().min(1).max(10_000).optional(),
    ground: z.enum(GROUNDS_PER_FIX['case.migrated']),
    reason: z
      .string()
      .trim()
      .min(5, 'give a reason of at least 5 characters')
      .max(MAX_REASON, `maximaal ${MAX_REASON} tekens`)
      .refine((s) => !containsBsn(s), { message: NO_BSN_MESSAGE }),
  })
  .strict();

/** Every version of a procedure, oldest first (the registry's `procedureVersions`). */
export type VersionLookup = (procedureId: string) => readonly ProcedureDefinition[];

function refuse(rt: CaseRuntime, details: Omit<ConstructorParameters<typeof ProcedureError>[0], 'state'>): never {
  throw new ProcedureError({ state: stateString(rt.snapshot), ...details });
}

/** Leaf state paths of the case (`a.b + a.c` for parallel regions). */
function leafPaths(rt: CaseRuntime): string[] {
  return stateString(rt.snapshot).split(' + ');
}

/** Checks a migration against the case and the registered versions; returns the target version. */
export function validateMigration(rt: CaseRuntime, input: MigrateCaseInput, versions: VersionLookup): { target: ProcedureDefinition; fix: z.infer<typeof migrationSchema> } {
  if (input?.actor?.role !== 'supervisor' || typeof input.actor.userId !== 'string' || !input.actor.userId.trim() || input.actor.userId.length > 128) {
    refuse(rt, { code: 'ROLE_NOT_ALLOWED', field: 'actor.role', message: 'Only a supervisor may move a case to a newer version of its procedure', rule: MIGRATION_RULE });
  }
  if (rt.snapshot.status !== 'active' || rt.cancelled) {
    refuse(rt, { code: 'CASE_CLOSED', message: `Case ${rt.caseId} is closed in ${stateString(rt.snapshot)}; a closed case keeps its version`, allowedEvents: [], rule: MIGRATION_RULE });
  }
  const parsed = migrationSchema.safeParse({ toVersion: input.toVersion, ground: input.ground, reason: input.reason });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join('.') || 'migration';
    const hint = field === 'ground' ? `; grounds: ${GROUNDS_PER_FIX['case.migrated'].map((g) => `${g} (${SUPERVISOR_GROUNDS[g]})`).join(', ')}` : '';
    refuse(rt, { code: 'INVALID_PAYLOAD', field, message: `Invalid migration at '${field}': ${issue.message}${hint}`, rule: MIGRATION_RULE });
  }
  const fix = parsed.data;
  const newer = versions(rt.procedureId).filter((v) => v.version > rt.version);
  if (newer.length === 0) {
    refuse(rt, {
      code: 'EVENT_NOT_ALLOWED',
      field: 'toVersion',
      message: `No newer version of ${rt.procedureId} than version ${rt.version}: the case already runs the newest (Er is geen nieuwere versie van deze procedure)`,
      rule: MIGRATION_RULE,
    });
  }
  const target = fix.toVersion === undefined ? newer.at(-1)! : newer.find((v) => v.version === fix.toVersion);
  if (!target) {
    refuse(rt, {
      code: 'INVALID_PAYLOAD',
      field: 'toVersion',
      message: `Version ${fix.toVersion} of ${rt.procedureId} is not newer than the case's version ${rt.version} or is not registered; newer versions: ${newer.map((v) => v.version).join(', ')}`,
      rule: MIGRATION_RULE,
    });
  }
  const migration = target.migration;
  if (!migration || migration.from !== rt.version) {
    const via = migration ? `it migrates from version ${migration.from}: move one version at a time` : 'it declares no migration from an older version';
    refuse(rt, {
      code: 'EVENT_NOT_ALLOWED',
      field: 'toVersion',
      message: `Case ${rt.caseId} (version ${rt.version}) cannot move to ${procedureKey(target.id, target.version)}: ${via}`,
      rule: MIGRATION_RULE,
    });
  }
  if (rt.suspended) {
    refuse(rt, {
      code: 'EVENT_NOT_ALLOWED',
      message: `The clock of case ${rt.caseId} is suspended since ${rt.suspended.since}: resume it before moving the case to version ${target.version}, so its terms are recomputed on a running clock`,
      rule: MIGRATION_RULE,
    });
  }
  const uncovered = uncoveredStates(migration, leafPaths(rt));
  if (uncovered.length > 0) {
    refuse(rt, {
      code: 'EVENT_NOT_ALLOWED',
      message:
        `Moving to ${procedureKey(target.id, target.version)} is not allowed in state ${stateString(rt.snapshot)} (${stateLabel(rt.snapshot)}): ` +
        `version ${target.version} declares safe only ${migration.migratableFrom.join(', ')}. ` +
        `Niet toegestaan: een zaak gaat alleen over naar versie ${target.version} vanuit een toestand die die versie veilig verklaart; wacht tot de zaak daar is`,
      rule: `${MIGRATION_RULE}; ${migration.rule}`,
    });
  }
  return { target, fix };
}

/**
 * The whole migration on a copy of `rt` (it is untouched): the state renamed where the new version says
 * so, the context migrated, the terms recomputed with the new version's deadlines (a term keeps its start;
 * an ended term stays ended), and the move recorded in the dossier. Refuses what it cannot carry out,
 * and a migration that would end a running term earlier.
 */
export function stepMigration(rt: CaseRuntime, input: MigrateCaseInput, at: string, versions: VersionLookup): { rt: CaseRuntime; entry: HistoryEntry; target: ProcedureDefinition } {
  const { target, fix } = validateMigration(rt, input, versions);
  const migration = target.migration!;
  const persisted = JSON.parse(JSON.stringify(persist(rt))) as PersistedCase;
  const oldNodes = activeNodes(rt.snapshot);
  let next: CaseRuntime;
  try {
    const value = stateValueOf(leafPaths(rt).map((p) => mapStatePath(migration, p)));
    const context = migration.migrateContext ? migration.migrateContext(persisted.context as never) : persisted.context;
    const snapshot = target.machine.resolveState({ value: value as never, context: context as never });
    const { value: _v, context: _c, ...rest } = persisted;
    next = { ...rest, version: target.version, definition: target, snapshot };
    // A term keeps its start when its state lives on (under a new name, maybe): re-key it to the new node.
    const newByPath = new Map(activeNodes(snapshot).map((n) => [n.path.join('.'), n.id]));
    const rekeyed = new Map<string, string>();
    for (const node of oldNodes) {
      const newId = newByPath.get(mapStatePath(migration, node.path.join('.')));
      if (newId) rekeyed.set(node.id, newId);
    }
    next.deadlines = next.deadlines
      .filter((d) => !d.lingering && rekeyed.has(d.stateNode))
      .map((d) => ({ ...d, stateNode: rekeyed.get(d.stateNode)!, key: `${rekeyed.get(d.stateNode)!}#${d.name}` }));
    const ended = next.deadlines.filter((d) => d.status === 'expired');
    reconcileDeadlines(next, new Set(rekeyed.values()), at);
    // An ended term stays ended: the new law does not reopen what expired under the old one.
    next.deadlines = next.deadlines.map((d) => ended.find((e) => e.key === d.key) ?? d);
    viewCase(next, { nowMs: Date.parse(at) });
  } catch (err) {
    refuse(rt, {
      code: 'EVENT_NOT_ALLOWED',
      message: `Case ${rt.caseId} cannot be moved to ${procedureKey(target.id, target.version)} in state ${stateString(rt.snapshot)}: ${(err as Error)?.message ?? String(err)}`,
      rule: `${MIGRATION_RULE}; ${migration.rule}`,
    });
  }
  for (const before of rt.deadlines.filter((d) => d.status === 'open')) {
    const after = next.deadlines.find((d) => d.name === before.name && d.status === 'open');
    if (after && after.due < before.due) {
      refuse(rt, {
        code: 'EVENT_NOT_ALLOWED',
        message: `Moving to ${procedureKey(target.id, target.version)} would end the term '${before.name}' (${before.label}) on ${after.due}, before ${before.due}: a migration never shortens a running term${before.waitingOn.includes('aanbieder') ? ' that gives the provider its time' : ''}`,
        rule: `${MIGRATION_RULE}; ${before.rule}`,
      });
    }
  }
  const ground = { code: fix.ground, label: SUPERVISOR_GROUNDS[fix.ground] };
  next.lastTransitionAt = at;
  const entry: HistoryEntry = {
    seq: next.history.length + 1,
    at,
    kind: 'supervisor',
    type: 'supervisor.case.migrated',
    label: `Zaak overgezet naar versie ${target.version} van de procedure (grond: ${ground.label})`,
    actor: { role: 'supervisor', userId: input.actor.userId },
    from: stateString(rt.snapshot),
    to: stateString(next.snapshot),
    reason: fix.reason,
    ground,
    rule: `${MIGRATION_RULE}; ${migration.rule}`,
    payload: { fromVersion: rt.version, toVersion: target.version, changes: migration.description, on: amsterdamDateOf(at) },
  };
  next.history.push(entry);
  return { rt: next, entry, target };
}
