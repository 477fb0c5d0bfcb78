// The registry: every procedure the engine runs, one line per version (`escalation-ladder@2` would be one
// more line beside `escalation-ladder`). `ProcedureId` is derived from it. New cases get the newest
// version; a running case keeps its own.
import { accountability } from './accountabilityMachine.ts';
import { automaticLetter } from './automaticLetterMachine.ts';
import { careContentEscalation } from './careContentEscalationMachine.ts';
import { careTermination } from './careTerminationMachine.ts';
import { escalationLadder } from './escalationLadderMachine.ts';
import { finalSettlement } from './finalSettlementMachine.ts';
import { kpiStoplight } from './kpiStoplightMachine.ts';
import { productionCeiling } from './productionCeilingMachine.ts';
import { progressConversation } from './progressConversationMachine.ts';
import { proposalLifecycle } from './proposalLifecycleMachine.ts';
import { providerChange } from './providerChangeMachine.ts';
import { providerReport } from './providerReportMachine.ts';
import { settlement } from './settlementMachine.ts';
import { sroi } from './sroiMachine.ts';
import type { ProcedureDefinition } from './types.ts';
import { createVersionRegistry, type VersionRegistry } from './versions.ts';
import { zbtDisagreement } from './zbtDisagreementMachine.ts';

export * from './types.ts';

const PROCEDURES = [
  escalationLadder,
  proposalLifecycle,
  careTermination,
  zbtDisagreement,
  careContentEscalation,
  automaticLetter,
  sroi,
  progressConversation,
  settlement,
  accountability,
  providerChange,
  providerReport,
  finalSettlement,
  productionCeiling,
  kpiStoplight,
] as const satisfies readonly ProcedureDefinition[];

/** The id of a registered procedure (`escalation-ladder`, …), derived from the registry. */
export type ProcedureId = (typeof PROCEDURES)[number]['id'];

/** The registered ids, for zod enums (`z.enum(PROCEDURE_IDS)`). */
export const PROCEDURE_IDS = [...new Set(PROCEDURES.map((p) => p.id))] as [ProcedureId, ...ProcedureId[]];

/** Every version of every procedure, by id and version. */
export const registry: VersionRegistry = createVersionRegistry(PROCEDURES);
const versions = registry;

/** The newest version of every procedure: what new cases start on. */
export function listProcedures(): readonly ProcedureDefinition[] {
  return versions.newest();
}

/** Every registered version of every procedure (`jeugdflow procedures`). */
export function listProcedureVersions(): readonly ProcedureDefinition[] {
  return versions.all();
}

/** Every version of one procedure, oldest first. */
export function procedureVersions(id: string): readonly ProcedureDefinition[] {
  return versions.versionsOf(id);
}

/** A procedure by id: the given version, or without one the newest (what a new case starts on). */
export function findProcedure(id: string, version?: number): ProcedureDefinition | undefined {
  return versions.find(id, version);
}

/**
 * Registers one more version beside those above. Production versions are registry lines in PROCEDURES;
 * this is the injection point for a test-only version (a test's workflow bundle and its client register
 * it, so no fake law change ships).
 */
export function registerProcedureVersion(def: ProcedureDefinition): void {
  versions.register(def);
}
