// Procedures as data (states, events with roles and JSON schemas, deadlines) for the API, the
// console and `jeugdflow procedures`. Needs the machines and zod, never Temporal, so the CLI can
// list the procedures without loading the client.
import { z } from 'zod';
import { stateTree } from '../machines/introspect.ts';
import { listProcedures, listProcedureVersions, type AnyRole, type ProcedureDefinition, type Role } from '../machines/index.ts';

export interface ProcedureDescription {
  id: string;
  version: number;
  title: string;
  description: string;
  seed: string;
  startRoles: readonly Role[];
  startSchema: unknown;
  states: { id: string; title: string; waitingOn: readonly Role[]; fourEyes: boolean }[];
  events: { type: string; title: string; roles: readonly AnyRole[]; rule: string; schema: unknown }[];
  deadlines: { state: string; name: string; title: string; kind: string; n: number; onExpiry: string; waitingOn: readonly Role[]; rule: string }[];
  /** From version 2 on: the version a running case migrates from, and the states that are safe to migrate from. */
  migration?: { from: number; migratableFrom: readonly string[]; stateMap?: Readonly<Record<string, string>>; description: string; rule: string };
}

function toJsonSchema(schema: z.ZodType): unknown {
  try {
    return z.toJSONSchema(schema, { unrepresentable: 'any' });
  } catch {
    return {};
  }
}

export function describeProcedure(def: ProcedureDefinition): ProcedureDescription {
  const states: ProcedureDescription['states'] = [];
  const deadlines: ProcedureDescription['deadlines'] = [];
  for (const node of stateTree(def.machine)) {
    const meta = node.meta;
    states.push({ id: node.id, title: meta?.label ?? node.id, waitingOn: meta?.waitingOn ?? [], fourEyes: meta?.fourEyes ?? false });
    for (const d of meta?.deadlines ?? []) {
      deadlines.push({ state: node.id, name: d.name, title: d.label, kind: d.kind, n: d.n, onExpiry: d.onExpiry, waitingOn: d.waitingOn, rule: d.rule });
    }
  }
  return {
    id: def.id,
    version: def.version,
    title: def.title,
    description: def.description,
    seed: def.seed,
    startRoles: def.startRoles,
    startSchema: toJsonSchema(def.startSchema),
    states,
    events: Object.entries(def.events).map(([type, e]) => ({ type, title: e.label, roles: e.roles, rule: e.rule, schema: toJsonSchema(e.schema) })),
    deadlines,
    ...(def.migration
      ? {
          migration: {
            from: def.migration.from,
            migratableFrom: def.migration.migratableFrom,
            ...(def.migration.stateMap ? { stateMap: def.migration.stateMap } : {}),
            description: def.migration.description,
            rule: def.migration.rule,
          },
        }
      : {}),
  };
}

export function describeProcedures(): ProcedureDescription[] {
  return listProcedures().map(describeProcedure);
}

/** Every registered version of every procedure (`jeugdflow procedures`): a running case may run an older one. */
export function describeProcedureVersions(): ProcedureDescription[] {
  return listProcedureVersions().map(describeProcedure);
}
