// `jeugdflow accountability open`: opens the yearly accountability (002 §3.2.2 Verantwoording) for every
// contracted provider of a year in one run, from the billing CSV (providers and their revenue in the year).
// Idempotent: a provider whose case for the year exists is reported as already started.
// Exit codes: 0 every case started or already there, 1 some refused, 2 bad arguments or an invalid CSV.
import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import type { Config } from '../config/index.ts';
import type { ActorInput, OperationsContext } from '../operations/index.ts';
import { table } from './format.ts';

const print = (s: string) => process.stdout.write(s.endsWith('\n') ? s : `${s}\n`);

type WithOperations = <T>(fn: (ctx: OperationsContext, config: Config) => Promise<T>) => Promise<T>;

function yearArg(value: string): number {
  if (!/^\d{4}$/.test(value) || Number(value) < 2018 || Number(value) > 2198) throw new InvalidArgumentError(`expected a contract year YYYY from 2018 (got '${value}')`);
  return Number(value);
}

function readTextFile(value: string): string {
  try {
    return readFileSync(value, 'utf8');
  } catch (err) {
    throw new InvalidArgumentError(`cannot read ${value}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

const OUTCOME_TEXT = { started: 'started', 'already-started': 'already started (nothing done)', refused: 'refused' } as const;

export function registerAccountabilityCommands(program: Command, withOperations: WithOperations, parseActor: (value: string) => ActorInput): void {
  const accountability = program.command('accountability').description('the yearly accountability of every contracted provider (002 §3.2.2 Verantwoording)');
  accountability
    .command('open')
    .description('open the accountability of a contract year for every provider in the billing CSV of that year (idempotent)')
    .requiredOption('--year <YYYY>', 'the contract year accounted for (its documents are due before 1 April and 1 August of the next year)', yearArg)
    .requiredOption('--billing <file.csv>', 'billing CSV with columns provider,name,year,revenue_eur,clients: the contracted providers and their revenue', readTextFile)
    .requiredOption('--as <role:user>', 'who opens them, e.g. contractmanager:anna', parseActor)
    .option('--json', 'print JSON')
    .action(async (opts: { year: number; billing: string; as: ActorInput; json?: boolean }) => {
      const { openAccountabilityYear, providersFromBilling } = await import('../operations/accountabilityYear.ts');
      const providers = providersFromBilling(opts.billing, opts.year);
      const results = await withOperations((ctx) => openAccountabilityYear(ctx, { year: opts.year, actor: opts.as, providers }));
      const count = (o: string) => results.filter((r) => r.outcome === o).length;
      if (opts.json) print(JSON.stringify({ year: opts.year, results }, null, 2));
      else {
        print(`Accountability ${opts.year}: ${providers.length} contracted provider(s) in the billing data.`);
        if (results.length) print(table([['PROVIDER', 'CASE', 'RESULT'], ...results.map((r) => [r.provider, r.caseId, r.outcome === 'refused' ? `refused: ${r.message ?? ''}` : OUTCOME_TEXT[r.outcome]])]));
        print(`${count('started')} started, ${count('already-started')} already started, ${count('refused')} refused.`);
      }
      process.exitCode = count('refused') > 0 ? 1 : 0;
    });
}
