// `jeugdflow retention purge`: the AVG retention run by an operator — record which cases closed (from
// Temporal) and delete the personal data keys of cases closed longer than JEUGDFLOW_RETENTION_DAYS ago.
// The console process does the same at start and hourly. Each deletion is in the audit log.
import { Command, InvalidArgumentError } from 'commander';
import type { Config } from '../config/index.ts';
import type { OperationsContext } from '../operations/index.ts';

const print = (s: string) => process.stdout.write(s.endsWith('\n') ? s : `${s}\n`);

type WithOperations = <T>(fn: (ctx: OperationsContext, config: Config) => Promise<T>) => Promise<T>;

function instantArg(value: string): number {
  const ms = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/.test(value) ? Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value) : NaN;
  if (Number.isNaN(ms)) throw new InvalidArgumentError(`expected a date YYYY-MM-DD or an ISO instant with offset (got ${JSON.stringify(value.slice(0, 40))})`);
  return ms;
}

export function registerRetentionCommands(program: Command, withOperations: WithOperations): void {
  const retention = program.command('retention').description('AVG retention of personal data of closed cases (JEUGDFLOW_RETENTION_DAYS)');
  retention
    .command('purge')
    .description('delete the personal data of cases closed longer than JEUGDFLOW_RETENTION_DAYS ago (each deletion is audited)')
    .option('--now <date>', 'the instant to count the retention period back from (default: now)', instantArg)
    .option('--json', 'print JSON')
    .action(async (opts: { now?: number; json?: boolean }) => {
      // Loaded here, not at start-up: `--help` and `deadline` stay fast.
      const [{ runRetention }, { cliReader }] = await Promise.all([import('../operations/retention.ts'), import('./personalDataStore.ts')]);
      const result = await withOperations(async (ctx, config) => {
        if (!ctx.caseKeys) throw new Error('no store with case keys');
        return runRetention({ client: ctx.client, caseKeys: ctx.caseKeys, retentionDays: config.JEUGDFLOW_RETENTION_DAYS, now: opts.now ?? Date.now(), actor: cliReader() });
      });
      if (opts.json) {
        print(JSON.stringify(result, null, 2));
        return;
      }
      print(`Closed cases recorded now: ${result.closingsRecorded}. Retention: personal data of cases closed before ${result.cutoff} is deleted.`);
      print(result.deleted.length === 0 ? 'Nothing to delete.' : `Deleted personal data of ${result.deleted.length} case(s): ${result.deleted.map((d) => d.caseId).join(', ')}`);
    });
}
