// The registry: every procedure the engine runs, one line each. `ProcedureId` is derived from it.
import { automaticLetter } from './automaticLetterMachine.ts';
import { careContentEscalation } from './careContentEscalationMachine.ts';
import { careTermination } from './careTerminationMachine.ts';
import { escalationLadder } from './escalationLadderMachine.ts';
import { proposalLifecycle } from './proposalLifecycleMachine.ts';
import type { ProcedureDefinition } from './types.ts';
import { zbtDisagreement } from './zbtDisagreementMachine.ts';

export * from './types.ts';

const PROCEDURES = [
  escalationLadder,
  proposalLifecycle,
  careTermination,
  zbtDisagreement,
  careContentEscalation,
  automaticLetter,
] as const satisfies readonly ProcedureDefinition[];

/** The id of a registered procedure (`escalation-ladder`, …), derived from the registry. */
export type ProcedureId = (typeof PROCEDURES)[number]['id'];

/** The registered ids, for zod enums (`z.enum(PROCEDURE_IDS)`). */
export const PROCEDURE_IDS = PROCEDURES.map((p) => p.id) as [ProcedureId, ...ProcedureId[]];

export const registry: ReadonlyMap<string, ProcedureDefinition> = new Map(PROCEDURES.map((p) => [p.id, p]));

export function listProcedures(): readonly ProcedureDefinition[] {
  return PROCEDURES;
}

export function findProcedure(id: string): ProcedureDefinition | undefined {
  return registry.get(id);
}
