// Persistence: the case as plain JSON (what continue-as-new carries and the dry runs copy), its size,
// and the size budget every step must stay under.
import type { ProcedureDefinition } from '../../machines/types.ts';
import { CASE_SIZE_BUDGET, utf8Length } from './limits.ts';
import type { CaseRuntime, PersistedCase } from './types.ts';
import { refuse } from './validation.ts';

export function persist(rt: CaseRuntime): PersistedCase {
  const { definition: _d, snapshot, ...rest } = rt;
  return { ...rest, value: snapshot.value, context: snapshot.context };
}

export function restore(definition: ProcedureDefinition, p: PersistedCase): CaseRuntime {
  const { value, context, ...rest } = p;
  const snapshot = definition.machine.resolveState({ value: value as never, context: context as never });
  return { ...rest, definition, snapshot };
}


/** A deep copy of the case through its persisted (plain JSON) form, as continue-as-new would carry it. */
export function copyRuntime(rt: CaseRuntime): CaseRuntime {
  return restore(rt.definition, JSON.parse(JSON.stringify(persist(rt))) as PersistedCase);
}

/** The size in bytes of the case as it is stored and carried through continue-as-new. */
export function persistedSize(rt: CaseRuntime): number {
  return utf8Length(JSON.stringify(persist(rt)));
}

/** Refuses a step whose result (`next`) would grow the stored case over `limit` bytes. */
export function checkSize(rt: CaseRuntime, next: CaseRuntime, limit: number, what: string, allowed?: string[]): void {
  const size = persistedSize(next);
  if (size <= limit) return;
  refuse(rt, {
    code: 'CASE_TOO_LARGE',
    message: `${what} would make case ${rt.caseId} ${Math.ceil(size / 1000)} kB, over its ${limit / 1000} kB; shorten the texts, or let a supervisor cancel the case and start a new one`,
    ...(allowed ? { allowedEvents: allowed } : {}),
    rule: `a case stays readable: at most ${CASE_SIZE_BUDGET / 1000} kB stored per case (Temporal carries at most 2 MB); a supervisor's cancel always fits`,
  });
}

