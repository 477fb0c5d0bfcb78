// Procedure versions: the registry holds every version of a procedure beside the others; new cases get
// the newest, a running case keeps its own (the workflow resolves its definition by id AND version).
// Pure: no I/O, only the definitions and their state paths.
import type { ProcedureDefinition, ProcedureMigration } from './types.ts';

/** `escalation-ladder@2`: how a version is named in messages and logs. */
export function procedureKey(id: string, version: number): string {
  return `${id}@${version}`;
}

export interface VersionRegistry {
  /** Adds a version; refuses a duplicate `id@version` and a migration that does not come from an older version. */
  register(def: ProcedureDefinition): void;
  /** The given version, or without one the newest. */
  find(id: string, version?: number): ProcedureDefinition | undefined;
  /** Every version of one procedure, oldest first. */
  versionsOf(id: string): readonly ProcedureDefinition[];
  /** The newest version of every procedure, in registration order. */
  newest(): readonly ProcedureDefinition[];
  /** Every version of every procedure: procedures in registration order, versions oldest first. */
  all(): readonly ProcedureDefinition[];
}

export function createVersionRegistry(definitions: readonly ProcedureDefinition[] = []): VersionRegistry {
  const byId = new Map<string, ProcedureDefinition[]>();
  const registry: VersionRegistry = {
    register(def) {
      if (!Number.isInteger(def.version) || def.version < 1) throw new Error(`${procedureKey(def.id, def.version)}: a version is a whole number from 1`);
      const versions = byId.get(def.id) ?? [];
      if (versions.some((v) => v.version === def.version)) throw new Error(`${procedureKey(def.id, def.version)} is registered twice`);
      if (def.migration && def.migration.from >= def.version) {
        throw new Error(`${procedureKey(def.id, def.version)}: migrates from version ${def.migration.from}, which is not older`);
      }
      byId.set(def.id, [...versions, def].sort((a, b) => a.version - b.version));
    },
    find(id, version) {
      const versions = byId.get(id);
      if (!versions) return undefined;
      return version === undefined ? versions.at(-1) : versions.find((v) => v.version === version);
    },
    versionsOf: (id) => byId.get(id) ?? [],
    newest: () => [...byId.values()].map((versions) => versions.at(-1)!),
    all: () => [...byId.values()].flat(),
  };
  for (const def of definitions) registry.register(def);
  return registry;
}

/** `path` is `prefix` or lies below it. */
function isAtOrBelow(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}.`);
}

/** The entries of `migratableFrom` that do not cover a leaf: empty when the case may migrate. */
export function uncoveredStates(migration: ProcedureMigration, leafPaths: readonly string[]): string[] {
  return leafPaths.filter((leaf) => !migration.migratableFrom.some((safe) => isAtOrBelow(leaf, safe)));
}

/** An old state path in the new version's names (the longest matching entry of `stateMap`). */
export function mapStatePath(migration: ProcedureMigration, path: string): string {
  const entries = Object.entries(migration.stateMap ?? {})
    .filter(([from]) => isAtOrBelow(path, from))
    .sort((a, b) => b[0].length - a[0].length);
  const hit = entries[0];
  return hit ? hit[1] + path.slice(hit[0].length) : path;
}

export type StateValueLike = string | { [key: string]: StateValueLike };

/** The xstate state value of leaf paths (`open.rung1.awaitingResponse` → `{ open: { rung1: 'awaitingResponse' } }`). */
export function stateValueOf(leafPaths: readonly string[]): StateValueLike {
  const build = (paths: string[][]): StateValueLike => {
    if (paths.length === 1 && paths[0]!.length === 1) return paths[0]![0]!;
    const value: { [key: string]: StateValueLike } = {};
    const heads = [...new Set(paths.map((p) => p[0]!))];
    for (const head of heads) {
      const rest = paths.filter((p) => p[0] === head && p.length > 1).map((p) => p.slice(1));
      value[head] = rest.length ? build(rest) : {};
    }
    return value;
  };
  return build(leafPaths.map((p) => p.split('.')));
}
