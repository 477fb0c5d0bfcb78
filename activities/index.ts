// Side effects only. Built by the worker from validated configuration.
import type { Logger } from 'pino';

export interface EffectInput {
  caseId: string;
  procedureId: string;
  seq: number;
  type: string;
  params: unknown;
}

export interface EffectResult {
  /** What to record in the dossier (e.g. a sent message: id, recipients, SMTP response). */
  record?: { label: string; details: unknown };
}

export interface ActivityDeps {
  logger: Logger;
}

export function createActivities({ logger }: ActivityDeps) {
  return {
    /** Runs a side-effect action a machine returned (e.g. `notify`). Logs no payloads: they may hold case details. */
    async performEffect(input: EffectInput): Promise<EffectResult> {
      logger.info({ caseId: input.caseId, procedure: input.procedureId, seq: input.seq, effect: input.type }, 'effect performed');
      return {};
    },
  };
}

export type Activities = ReturnType<typeof createActivities>;
