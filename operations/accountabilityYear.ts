// Opening the yearly accountability (002 §3.2.2 Verantwoording) for every contracted provider at once: one
// case per provider and contract year, with a deterministic case id (`VJ-<year>-<provider>`), so running it
// twice starts nothing new: a case that already exists is reported, not an error. The contracted providers
// and their revenue in the year (for the EUR 125,000 rule) come from the billing CSV (tables/billing.ts).
import { accountabilityCaseId } from '../machines/accountabilityMachine.ts';
import { formatCsvError, parseBillingCsv } from '../tables/billing.ts';
import { ProcedureError } from '../workflows/errors.ts';
import { startCase, type ActorInput, type OperationsContext } from './index.ts';

export interface ContractedProvider {
  provider: string;
  /** Revenue in the contract year, euros. */
  revenue: number;
}

export type OpenOutcome = 'started' | 'already-started' | 'refused';

export interface OpenResult {
  provider: string;
  caseId: string;
  outcome: OpenOutcome;
  /** Why it was refused (the ProcedureError's code, field and message). */
  code?: string;
  field?: string;
  message?: string;
}

export interface OpenAccountabilityYearRequest {
  year: number;
  actor: ActorInput;
  providers: readonly ContractedProvider[];
}

/** The largest number of providers one run opens (a region contracts a few hundred). */
export const MAX_PROVIDERS_PER_RUN = 2000;

/** The contracted providers of a year from billing CSV: every row of that year, once per provider. */
export function providersFromBilling(csv: string, year: number): ContractedProvider[] {
  const parsed = parseBillingCsv(csv);
  if (!parsed.ok) {
    throw new ProcedureError({
      code: 'INVALID_PAYLOAD',
      field: 'billing',
      message: `Invalid billing CSV: ${parsed.errors.slice(0, 5).map(formatCsvError).join('; ')}${parsed.errors.length > 5 ? ` (and ${parsed.errors.length - 5} more)` : ''}`,
    });
  }
  const byProvider = new Map<string, number>();
  for (const row of parsed.rows) if (row.year === year) byProvider.set(row.provider, (byProvider.get(row.provider) ?? 0) + Math.round(row.revenueEur * 100));
  return [...byProvider].map(([provider, cents]) => ({ provider, revenue: cents / 100 }));
}

/** Starts one provider's case (the CLI: operations' startCase; the console: the case service, with the user's scope). */
export type StartOne = (req: { caseId: string; data: { provider: string; year: number; revenue: number } }) => Promise<unknown>;

/**
 * Starts the accountability case of every provider for the year, one after the other. Idempotent: an existing
 * case (same provider and year) is reported as `already-started`. A refusal for one provider (bad data) is
 * reported and does not stop the others; a refusal of the person (role; scope is the API's HttpError) or an
 * unreachable Temporal stops the run.
 */
export async function openForProviders(year: number, providers: readonly ContractedProvider[], start: StartOne): Promise<OpenResult[]> {
  if (providers.length > MAX_PROVIDERS_PER_RUN) {
    throw new ProcedureError({ code: 'INVALID_PAYLOAD', field: 'providers', message: `At most ${MAX_PROVIDERS_PER_RUN} providers per run (got ${providers.length})` });
  }
  const results: OpenResult[] = [];
  for (const { provider, revenue } of providers) {
    const caseId = accountabilityCaseId(provider, year);
    try {
      await start({ caseId, data: { provider, year, revenue } });
      results.push({ provider, caseId, outcome: 'started' });
    } catch (err) {
      if (!(err instanceof ProcedureError)) throw err;
      if (err.code === 'ROLE_NOT_ALLOWED' || err.code === 'UNAVAILABLE') throw err;
      if (err.code === 'CASE_EXISTS') results.push({ provider, caseId, outcome: 'already-started' });
      else results.push({ provider, caseId, outcome: 'refused', code: err.code, ...(err.field !== undefined ? { field: err.field } : {}), message: err.message });
    }
  }
  return results;
}

/** The CLI's run: every provider's case started as `req.actor`. */
export function openAccountabilityYear(ctx: OperationsContext, req: OpenAccountabilityYearRequest): Promise<OpenResult[]> {
  return openForProviders(req.year, req.providers, ({ caseId, data }) => startCase(ctx, { procedure: 'accountability', caseId, actor: req.actor, data }));
}
