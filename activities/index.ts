// Side effects only. Built by the worker from validated configuration.
import type { Logger } from 'pino';

export interface EffectInput {
  caseId: string;
  procedureId: string;
  seq: number;
  type: string;
  params: unknown;
}

export interface ActivityDeps {
  logger: Logger;
}

export function createActivities({ logger }: ActivityDeps) {
  return {
    /** Runs a side-effect action a machine returned (e.g. `notify`). Logs no payloads: they may hold case details. */
    async performEffect(input: EffectInput): Promise<{ done: true }> {
      logger.info({ caseId: input.caseId, procedure: input.procedureId, seq: input.seq, effect: input.type }, 'effect performed');
      return { done: true };
    },
  };
}

export type Activities = ReturnType<typeof createActivities>;
