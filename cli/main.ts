// `npx jeugdflow …`: the command-line face of the operations. Exit codes: 0 ok, 1 refused,
// 2 bad arguments, 3 Temporal unavailable.
import { readFileSync } from 'node:fs';
import { Argument, Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { computeDeadline, parseIsoDate, type CalendarOptions } from '../calendar/index.ts';
import type { Config } from '../config/index.ts';
import { ROLES, type AnyRole } from '../machines/types.ts';
import { GROUNDS_PER_FIX, SUPERVISOR_GROUNDS } from '../workflows/supervisorGrounds.ts';
import type { ActorInput, listStuck, OperationsContext } from '../operations/index.ts';
import { formatCase, formatCaseList, formatProcedures, formatStatus, formatStuck, table, TABLES_DESCRIPTION } from './format.ts';
import { registerAccountabilityCommands } from './accountabilityCommand.ts';
import { registerRetentionCommands } from './retentionCommand.ts';
import { registerRotationCommands } from './rotationCommand.ts';

// Start-up time matters here (`deadline` and `--help` answer at once): only commander, the calendar
// and the role list are loaded up front. The modules behind the commands that talk to Temporal
// (client, operations, configuration, zod schemas) and `tables` are imported before parsing, and
// only when the command line names such a command; `procedures` imports the machines itself.
const SERVER_COMMANDS = ['status', 'start', 'send', 'show', 'list', 'signals', 'supervise', 'migrate', 'retention', 'accountability'] as const;

async function importServerModules() {
  const [ops, config, temporal, errors, bounds, privacy, failureConverter] = await Promise.all([
    import('../operations/index.ts'),
    import('../config/index.ts'),
    import('../config/temporalClient.ts'),
    import('../workflows/errors.ts'),
    import('../operations/bounds.ts'),
    import('./personalDataStore.ts'),
    import('./failureConverterModule.ts'),
  ]);
  return { ops, config, temporal, errors, bounds, privacy, failureConverter };
}

type ServerModules = Awaited<ReturnType<typeof importServerModules>>;
let serverModules: ServerModules | undefined;
let tablesModule: typeof import('./tablesCommand.ts') | undefined;

/** The server modules; main() loads them before parsing any command line that names a server command. */
function server(): ServerModules {
  if (!serverModules) throw new Error('internal: the Temporal modules were not loaded for this command');
  return serverModules;
}

/** Loads what the commands named on this command line need (a superset: any argument that names one). */
async function loadModulesFor(argv: readonly string[]): Promise<void> {
  const args = argv.slice(2);
  await Promise.all([
    !serverModules && args.some((a) => (SERVER_COMMANDS as readonly string[]).includes(a)) ? importServerModules().then((m) => void (serverModules = m)) : undefined,
    !tablesModule && args.includes('tables') ? import('./tablesCommand.ts').then((m) => void (tablesModule = m)) : undefined,
  ]);
}

class UsageError extends Error {}

const print = (s: string) => process.stdout.write(s.endsWith('\n') ? s : `${s}\n`);
const printJson = (v: unknown) => print(JSON.stringify(v, null, 2));

function parseActor(value: string): ActorInput {
  const [role, ...rest] = value.split(':');
  const parsed = server().ops.actorSchema.safeParse({ role, userId: rest.join(':') });
  if (!parsed.success) {
    throw new InvalidArgumentError(`expected <role>:<user>, role one of ${ROLES.join(', ')} (got '${value}')`);
  }
  return parsed.data;
}

function parseOrganisation(value: string): string {
  const parsed = server().bounds.organisationCodeSchema.safeParse(value);
  if (!parsed.success) throw new InvalidArgumentError(`expected ${parsed.error.issues[0]!.message} (got ${JSON.stringify(value.slice(0, 80))})`);
  return parsed.data;
}

const ORGANISATION_HELP = 'the provider or municipality code you act for, e.g. zorg-oost or gemeente-dordrecht (a party acts only as itself)';

/** The actor with the organisation it acts for, when given. */
function withOrganisation(actor: ActorInput, organisation: string | undefined): ActorInput {
  return organisation === undefined ? actor : { ...actor, organisation };
}

function parseRole(value: string): AnyRole {
  const role = value.split(':')[0]!;
  if (!(ROLES as readonly string[]).includes(role)) throw new InvalidArgumentError(`role must be one of ${ROLES.join(', ')} (got '${role}')`);
  return role as AnyRole;
}

function parseJsonArg(value: string): unknown {
  let text = value;
  if (value.startsWith('@')) {
    try {
      text = readFileSync(value.slice(1), 'utf8');
    } catch (err) {
      throw new InvalidArgumentError(`cannot read ${value.slice(1)}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new InvalidArgumentError(`not valid JSON: ${(err as Error).message}`);
  }
}

function positiveInt(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 10_000) throw new InvalidArgumentError(`expected a whole number from 1 to 10000 (got '${value}')`);
  return Number(value);
}

function isoDateArg(value: string): string {
  try {
    return parseIsoDate(value);
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
}

const HOLIDAY_SWITCHES = { 'goede-vrijdag': 'goedeVrijdag', bevrijdingsdag: 'bevrijdingsdag' } as const;

function withoutArg(value: string): CalendarOptions {
  const opts: CalendarOptions = {};
  for (const name of value.split(',').map((s) => s.trim()).filter(Boolean)) {
    const key = HOLIDAY_SWITCHES[name as keyof typeof HOLIDAY_SWITCHES];
    if (!key) throw new InvalidArgumentError(`unknown holiday '${name}'; use ${Object.keys(HOLIDAY_SWITCHES).join(', ')}`);
    opts[key] = false;
  }
  return opts;
}

function calendarOf(config: Config): CalendarOptions {
  return { goedeVrijdag: config.CALENDAR_GOEDE_VRIJDAG, bevrijdingsdag: config.CALENDAR_BEVRIJDINGSDAG };
}

async function withOperations<T>(fn: (ctx: OperationsContext, config: Config) => Promise<T>): Promise<T> {
  const { config: { deploymentSettingsOf, keyRingOf, loadConfig }, temporal: { connectClient }, errors: { ProcedureError }, privacy: { cliPersonalDataStore }, failureConverter } = server();
  const config = loadConfig();
  failureConverter.registerFailureConverterModule();
  // A missing or wrong key is a setting (exit 2), not an unreachable Temporal.
  const keys = keyRingOf(config);
  let conn;
  try {
    conn = await connectClient(config, keys);
  } catch (err) {
    // connectClient's message already names the address and what to do.
    throw new ProcedureError({ code: 'UNAVAILABLE', message: (err as Error).message });
  }
  // Case keys and audit log: opened only when a case's personal data is sealed or revealed.
  const privacy = cliPersonalDataStore(config, conn.keys);
  try {
    return await fn({ client: conn.client, keys: conn.keys, caseKeys: privacy.caseKeys, audit: privacy.audit, taskQueue: config.TEMPORAL_TASK_QUEUE, calendar: calendarOf(config), approvalWorkingDays: config.APPROVAL_WAIT_WORKING_DAYS, settings: deploymentSettingsOf(config) }, config);
  } finally {
    await conn.connection.close();
    await privacy.close();
  }
}

export function buildProgram(): Command {
  const program = new Command('jeugdflow')
    .description('Run and inspect jeugdflow cases (Jeugdwet contract-management procedures on Temporal)')
    .exitOverride();

  program
    .command('status')
    .description('exit 0 only when the Temporal server answers and a worker polls the task queue')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const { ops: { checkStatus }, config: { loadConfig }, errors: { ProcedureError } } = server();
      const report = await withOperations((ctx, config) => checkStatus({ ...ctx, namespace: config.TEMPORAL_NAMESPACE })).catch((err: unknown) => {
        if (err instanceof ProcedureError && err.code === 'UNAVAILABLE') return undefined;
        throw err;
      });
      const r = report ?? { server: { reachable: false }, worker: { polling: false, pollers: [] }, taskQueue: loadConfig().TEMPORAL_TASK_QUEUE };
      if (opts.json) printJson(r);
      else print(formatStatus(r));
      process.exitCode = r.server.reachable && r.worker.polling ? 0 : 3;
    });

  program
    .command('procedures')
    .description('list every version of every procedure with its states, events, roles and deadlines (new cases start on the newest)')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const list = (await import('../operations/procedures.ts')).describeProcedureVersions();
      if (opts.json) printJson(list);
      else print(formatProcedures(list));
    });

  program
    .command('start')
    .description('start a case')
    .argument('<procedure>', 'procedure id, e.g. escalation-ladder')
    .requiredOption('--case <id>', 'case number (never a BSN or a name)')
    .requiredOption('--as <role:user>', 'who starts it, e.g. contractmanager:anna', parseActor)
    .option('--organisation <code>', ORGANISATION_HELP, parseOrganisation)
    .option('--data <json|@file>', 'start data (JSON or @file)', parseJsonArg)
    .option('--personal-data <json|@file>', "the youth's personal data, kept apart from the case data", parseJsonArg)
    .option('--opt-out', 'no consent to share data with the commissioning body')
    .option('--json', 'print JSON')
    .action(async (procedure: string, opts: { case: string; as: ActorInput; organisation?: string; data?: unknown; personalData?: unknown; optOut?: boolean; json?: boolean }) => {
      const { startCase } = server().ops;
      const view = await withOperations((ctx) =>
        startCase(ctx, { procedure, caseId: opts.case, actor: withOrganisation(opts.as, opts.organisation), data: opts.data ?? {}, personalData: opts.personalData, optOut: opts.optOut }),
      );
      if (opts.json) printJson(view);
      else print(`Started case ${view.caseId} (${view.procedure}) in state ${view.state} — ${view.stateLabel}`);
    });

  program
    .command('send')
    .description('send an event to a case')
    .argument('<case>', 'case number')
    .argument('<event>', 'event type, e.g. hearing.recorded')
    .requiredOption('--as <role:user>', 'who sends it, e.g. aanbieder:bert', parseActor)
    .option('--organisation <code>', ORGANISATION_HELP, parseOrganisation)
    .option('--data <json|@file>', 'event payload (JSON or @file)', parseJsonArg)
    .option('--reason <text>', 'why (recorded in the dossier)')
    .option('--request-id <id>', 'idempotency key: resending with the same id is applied once')
    .option('--json', "print the update's answer as JSON: the case after the event, its history only what this event added, without the machine's context (show --json has it)")
    .action(async (caseId: string, type: string, opts: { as: ActorInput; organisation?: string; data?: unknown; reason?: string; requestId?: string; json?: boolean }) => {
      const { sendEvent } = server().ops;
      const view = await withOperations((ctx) =>
        sendEvent(ctx, { caseId, type, actor: withOrganisation(opts.as, opts.organisation), payload: opts.data ?? {}, reason: opts.reason, requestId: opts.requestId }),
      );
      if (opts.json) printJson(view);
      else print(`${type} accepted: case ${view.caseId} is now in state ${view.state} — ${view.stateLabel}`);
    });

  program
    .command('show')
    .description('show a case: state, allowed events, deadlines with explanation, history')
    .argument('<case>', 'case number')
    .option('--as <role[:user]>', 'view as this role (narrows allowed events; withholds opt-out personal data)', parseRole)
    .option('--json', 'print JSON')
    .action(async (caseId: string, opts: { as?: AnyRole; json?: boolean }) => {
      const { showCase } = server().ops;
      // Personal data it reveals is recorded in the audit log under the operating-system user.
      const view = await withOperations((ctx) => showCase(ctx, { caseId, role: opts.as, reader: server().privacy.cliReader() }));
      if (!opts.json) {
        print(formatCase(view));
        return;
      }
      printJson({
        ...view,
        allowedEvents: opts.as ? view.allowedEvents.map((e) => e.type) : view.allowedEvents.map(({ type, roles }) => ({ type, roles })),
      });
    });

  program
    .command('list')
    .description('list cases, overdue first, then by next deadline')
    .option('--procedure <id>', 'only this procedure')
    .option('--state <path>', 'only cases in this state (a path such as rung1 matches its sub-states)')
    .option('--provider <code>', 'only this provider')
    .addOption(new Option('--waiting-on <role>', 'only cases waiting on this role').choices(ROLES))
    .option('--overdue', 'only cases with a passed deadline')
    .option('--due-before <date>', 'only cases with a deadline before this date (YYYY-MM-DD)', isoDateArg)
    .option('--all', 'include closed cases')
    .option('--stuck', 'only cases that need a supervisor, with the reasons')
    .option('--limit <n>', 'at most this many', positiveInt)
    .option('--json', 'print JSON')
    .action(
      async (opts: { procedure?: string; state?: string; provider?: string; waitingOn?: (typeof ROLES)[number]; overdue?: boolean; dueBefore?: string; all?: boolean; stuck?: boolean; limit?: number; json?: boolean }) => {
        const { listCases, listStuck } = server().ops;
        const cases = await withOperations((ctx) =>
          (opts.stuck ? listStuck : listCases)(ctx, {
            procedure: opts.procedure,
            state: opts.state,
            provider: opts.provider,
            waitingOn: opts.waitingOn,
            overdue: opts.overdue,
            dueBefore: opts.dueBefore,
            includeClosed: opts.all,
            ...(opts.limit ? { limit: opts.limit } : {}),
          }),
        );
        if (opts.json) printJson(cases);
        else print(opts.stuck ? formatStuck(cases as Awaited<ReturnType<typeof listStuck>>) : formatCaseList(cases));
      },
    );

  program
    .command('signals')
    .description('monitoring signals (terminations, refusals, …) counted per provider and reason')
    .option('--provider <code>', 'only this provider')
    .option('--since <date>', 'only cases started on or after this date (YYYY-MM-DD)', isoDateArg)
    .option('--json', 'print JSON')
    .action(async (opts: { provider?: string; since?: string; json?: boolean }) => {
      const { countSignals } = server().ops;
      const counts = await withOperations((ctx) => countSignals(ctx, { provider: opts.provider, since: opts.since ? `${opts.since}T00:00:00Z` : undefined }));
      if (opts.json) printJson(counts);
      else print(counts.length ? table([['PROVIDER', 'PROCEDURE', 'OUTCOME', 'REASON', 'COUNT'], ...counts.map((c) => [c.provider, c.procedure, c.outcome, c.category, String(c.count)])]) : 'No signals.');
    });

  program
    .command('supervise')
    .description('correct a running case as supervisor; recorded with the reason in the history')
    .argument('<case>', 'case number')
    .addArgument(
      new Argument('<fix>', 'the correction').choices(['deadline.extended', 'clock.suspended', 'clock.resumed', 'case.reassigned', 'reminder.resent', 'case.cancelled']),
    )
    .requiredOption('--as <role:user>', 'the supervisor, e.g. supervisor:sam', parseActor)
    .addOption(
      new Option('--ground <code>', `the ground, from a closed list: ${Object.entries(SUPERVISOR_GROUNDS).map(([code, label]) => `${code} (${label})`).join(', ')}`)
        .choices(Object.keys(SUPERVISOR_GROUNDS))
        .makeOptionMandatory(),
    )
    .requiredOption('--reason <text>', 'why (recorded in the dossier)')
    .option('--data <json|@file>', 'details, e.g. {"deadline":"responseTerm","workingDays":5}', parseJsonArg)
    .option('--request-id <id>', 'idempotency key')
    .option('--json', "print the update's answer as JSON, without the machine's context (show --json has it)")
    .action(async (caseId: string, fix: string, opts: { as: ActorInput; ground: string; reason: string; data?: unknown; requestId?: string; json?: boolean }) => {
      const details = opts.data && typeof opts.data === 'object' ? opts.data : {};
      const { superviseCase } = server().ops;
      const view = await withOperations((ctx) =>
        superviseCase(ctx, { caseId, actor: opts.as, fix: { ...details, action: fix, ground: opts.ground, reason: opts.reason }, requestId: opts.requestId }),
      );
      if (opts.json) printJson(view);
      else print(`${fix} recorded: case ${view.caseId} is in state ${view.state} — ${view.stateLabel}`);
    });

  program
    .command('migrate')
    .description('move a running case to a newer version of its procedure as supervisor (only from a state that version declares safe); recorded with ground and reason')
    .argument('<case>', 'case number')
    .requiredOption('--as <role:user>', 'the supervisor, e.g. supervisor:sam', parseActor)
    .addOption(
      new Option('--ground <code>', `the ground: ${GROUNDS_PER_FIX['case.migrated'].map((code) => `${code} (${SUPERVISOR_GROUNDS[code]})`).join(', ')}`)
        .choices(GROUNDS_PER_FIX['case.migrated'])
        .makeOptionMandatory(),
    )
    .requiredOption('--reason <text>', 'why (recorded in the dossier)')
    .option('--to-version <n>', 'the version to move to (default: the newest)', positiveInt)
    .option('--request-id <id>', 'idempotency key')
    .option('--json', "print the update's answer as JSON, without the machine's context (show --json has it)")
    .action(async (caseId: string, opts: { as: ActorInput; ground: string; reason: string; toVersion?: number; requestId?: string; json?: boolean }) => {
      const { migrateCase } = server().ops;
      const view = await withOperations((ctx) =>
        migrateCase(ctx, { caseId, actor: opts.as, ground: opts.ground, reason: opts.reason, ...(opts.toVersion !== undefined ? { toVersion: opts.toVersion } : {}), requestId: opts.requestId }),
      );
      if (opts.json) printJson(view);
      else print(`Case ${view.caseId} now runs ${view.procedure} version ${view.version} (Versie ${view.version}), in state ${view.state} — ${view.stateLabel}`);
    });

  program
    .command('deadline')
    .description('compute a legal deadline (Algemene termijnenwet) and explain it')
    .requiredOption('--from <date>', 'the day of the event X (YYYY-MM-DD); X itself never counts', isoDateArg)
    .option('--working-days <n>', 'within N working days after X', positiveInt)
    .option('--days <n>', 'within N (calendar) days after X', positiveInt)
    .option('--without <holidays>', 'switch holidays off: goede-vrijdag,bevrijdingsdag', withoutArg)
    .option('--json', 'print JSON')
    .action((opts: { from: string; workingDays?: number; days?: number; without?: CalendarOptions; json?: boolean }) => {
      if ((opts.workingDays === undefined) === (opts.days === undefined)) throw new UsageError('give exactly one of --working-days <n> or --days <n>');
      const d = computeDeadline({
        kind: opts.workingDays !== undefined ? 'working-days' : 'days',
        n: (opts.workingDays ?? opts.days)!,
        from: opts.from,
        options: opts.without ?? {},
      });
      if (opts.json) printJson(d);
      else print(d.explanation);
    });

  // Without the tables module (the command line names no `tables`) a stand-in with the same name and
  // description keeps `--help` identical.
  if (tablesModule) tablesModule.registerTableCommands(program);
  else program.command('tables').description(TABLES_DESCRIPTION);
  registerRetentionCommands(program, withOperations);
  registerAccountabilityCommands(program, withOperations, parseActor);
  registerRotationCommands(program);
  return program;
}

export async function main(argv = process.argv): Promise<number> {
  await loadModulesFor(argv);
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Commander already printed the message (and help after it).
      return err.exitCode === 0 || err.code === 'commander.helpDisplayed' || err.code === 'commander.version' ? 0 : 2;
    }
    if (err instanceof UsageError) {
      process.stderr.write(`error: ${err.message}\n`);
      return 2;
    }
    const [{ ProcedureError, ERROR_CODES }, { isTemporalUnreachable }] = await Promise.all([import('../workflows/errors.ts'), import('../operations/temporalErrors.ts')]);
    const refusal = err instanceof ProcedureError ? err : ProcedureError.fromTemporal(err);
    if (refusal) {
      const r = refusal.toJSON();
      process.stderr.write(
        [
          `refused (${r.code}): ${r.message}`,
          r.field ? `  field: ${r.field}` : '',
          r.state ? `  state: ${r.state}` : '',
          r.allowedEvents ? `  allowed events: ${r.allowedEvents.length ? r.allowedEvents.join(', ') : '(none)'}` : '',
          r.rule ? `  rule: ${r.rule}` : '',
        ]
          .filter(Boolean)
          .join('\n') + '\n',
      );
      return refusal.exitCode;
    }
    if (isTemporalUnreachable(err)) {
      process.stderr.write(`refused (UNAVAILABLE): Temporal is not reachable; try again later\n`);
      return ERROR_CODES.UNAVAILABLE.exit;
    }
    if ((err as Error)?.name === 'ConfigError') {
      process.stderr.write(`${(err as Error).message}\n`);
      return 2;
    }
    if ((err as Error)?.message === 'Encoded failure' || (err as Error)?.name === 'PayloadDecryptionError') {
      // The worker's answer (or its refusal) is encrypted with a key this CLI does not hold.
      process.stderr.write(`error: Temporal's answer is encrypted with a key that is not in this key ring; JEUGDFLOW_KEYS / JEUGDFLOW_KEY_FILE must hold the workers' keys${(err as Error).name === 'PayloadDecryptionError' ? ` (${(err as Error).message})` : ''}\n`);
      return 2;
    }
    process.stderr.write(`error: ${(err as Error)?.message ?? String(err)}\n`);
    return 1;
  }
}
