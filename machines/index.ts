// The registry: every procedure the engine runs, one line each.
import { automaticLetter } from './automaticLetterMachine.ts';
import { careContentEscalation } from './careContentEscalationMachine.ts';
import { careTermination } from './careTerminationMachine.ts';
import { escalationLadder } from './escalationLadderMachine.ts';
import { proposalLifecycle } from './proposalLifecycleMachine.ts';
import type { ProcedureDefinition } from './types.ts';
import { zbtDisagreement } from './zbtDisagreementMachine.ts';

export * from './types.ts';

const PROCEDURES: readonly ProcedureDefinition[] = [
  escalationLadder,
  proposalLifecycle,
  careTermination,
  zbtDisagreement,
  careContentEscalation,
  automaticLetter,
];

export const registry: ReadonlyMap<string, ProcedureDefinition> = new Map(PROCEDURES.map((p) => [p.id, p]));

export function listProcedures(): readonly ProcedureDefinition[] {
  return PROCEDURES;
}

export function findProcedure(id: string): ProcedureDefinition | undefined {
  return registry.get(id);
}
