// `jeugdflow rotation assign|end|former-employer|list|check`: the integrity rotation of contract managers
// (002 §2.3.2) in the shared store. Needs no Temporal. A refusal prints the Dutch reason and the rule and
// exits 1; warnings (a 4-year term ending within 3 months) are printed after the answer.
import { Command, InvalidArgumentError } from 'commander';

const print = (s: string) => process.stdout.write(s.endsWith('\n') ? s : `${s}\n`);
const printErr = (s: string) => process.stderr.write(s.endsWith('\n') ? s : `${s}\n`);

/** `supervisor:<user>`: only a supervisor records assignments (as on the console page). */
function supervisorArg(value: string): string {
  const [role, ...rest] = value.split(':');
  const userId = rest.join(':');
  if (role !== 'supervisor' || !/^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$/.test(userId)) {
    throw new InvalidArgumentError(`expected supervisor:<user> (only a supervisor records rotation; got ${JSON.stringify(value.slice(0, 80))})`);
  }
  return userId;
}

async function withRegister<T>(fn: (register: import('../operations/rotation.ts').RotationRegister, today: string) => Promise<T>): Promise<T> {
  const [{ loadConfig }, { openStore }, { createRotationRegister }, { amsterdamDateOf }] = await Promise.all([
    import('../config/index.ts'),
    import('../store/index.ts'),
    import('../operations/rotation.ts'),
    import('../calendar/index.ts'),
  ]);
  const store = await openStore(loadConfig());
  try {
    return await fn(createRotationRegister(store), amsterdamDateOf(Date.now()));
  } finally {
    await store.close();
  }
}

type Finding = import('../machines/rotation.ts').RotationFinding;

function report(findings: { refusals?: Finding[]; warnings?: Finding[]; violations?: Finding[] }): void {
  for (const f of [...(findings.refusals ?? []), ...(findings.violations ?? [])]) printErr(`refused (ROTATION_RULE, ${f.kind}): ${f.message}\n  field: ${f.field}\n  rule: ${f.rule}`);
  for (const w of findings.warnings ?? []) print(`warning: ${w.message}\n  rule: ${w.rule}`);
}

export function registerRotationCommands(program: Command): void {
  const rotation = program.command('rotation').description('integrity rotation of contract managers (002 §2.3.2): pairs, at most 4 years per provider, 2 years after leaving a provider');
  rotation
    .command('assign')
    .description('assign a pair (--first and --second) to a provider without one, or replace one of its pair from --from')
    .requiredOption('--provider <code>', 'provider code')
    .option('--first <user>', 'user id of the 1st contract manager')
    .option('--second <user>', 'user id of the 2nd contract manager')
    .requiredOption('--from <date>', 'first day (YYYY-MM-DD)')
    .option('--until <date>', 'last day (YYYY-MM-DD), optional')
    .requiredOption('--as <supervisor:user>', 'who records it', supervisorArg)
    .option('--json', 'print JSON')
    .action(async (opts: { provider: string; first?: string; second?: string; from: string; until?: string; as: string; json?: boolean }) => {
      const { provider, first, second, from, until } = opts;
      const result = await withRegister((r, today) => r.assign({ provider, first, second, from, until }, { actor: opts.as, today }));
      if (opts.json) print(JSON.stringify(result, null, 2));
      else {
        report(result);
        if (result.applied) {
          for (const a of result.plan!.adds) {
            const term = result.plan!.terms.find((t) => t.userId === a.userId);
            print(`assigned: ${a.userId} as ${a.position === 1 ? '1st' : '2nd'} on ${a.provider} from ${a.from}${a.until ? ` until ${a.until}` : ''}${term ? ` (4-year term ends ${term.lastDay})` : ''}`);
          }
          for (const e of result.plan!.ends) print(`ended: assignment ${e.id} on ${e.until}`);
        }
      }
      if (!result.applied) process.exitCode = 1;
    });
  rotation
    .command('end')
    .description("end a provider's pair together (a single contract manager is replaced with `assign`, never ended alone)")
    .requiredOption('--provider <code>', 'provider code')
    .requiredOption('--until <date>', 'last day (YYYY-MM-DD)')
    .requiredOption('--reason <text>', 'why (e.g. contract ended)')
    .option('--user <user>', 'refused: one member cannot end alone (explains the pair rule)')
    .requiredOption('--as <supervisor:user>', 'who records it', supervisorArg)
    .option('--json', 'print JSON')
    .action(async (opts: { provider: string; until: string; reason: string; user?: string; as: string; json?: boolean }) => {
      if (opts.user !== undefined) {
        const { singleEndRefusal } = await import('../machines/rotation.ts');
        const refusal = singleEndRefusal(opts.provider);
        if (opts.json) print(JSON.stringify({ applied: false, refusals: [refusal], warnings: [] }, null, 2));
        else report({ refusals: [refusal] });
        process.exitCode = 1;
        return;
      }
      const result = await withRegister((r) => r.end({ provider: opts.provider, until: opts.until, reason: opts.reason }, { actor: opts.as }));
      if (opts.json) print(JSON.stringify(result, null, 2));
      else {
        report(result);
        for (const e of result.plan?.ends ?? []) print(`ended: assignment ${e.id} on ${e.until}`);
      }
      if (!result.applied) process.exitCode = 1;
    });
  rotation
    .command('former-employer')
    .description('record that a contract manager worked at a provider until a day (the 2-year rule)')
    .requiredOption('--user <user>', 'user id of the contract manager')
    .requiredOption('--provider <code>', 'provider code')
    .requiredOption('--left <date>', 'last working day there (YYYY-MM-DD)')
    .requiredOption('--as <supervisor:user>', 'who records it', supervisorArg)
    .action(async (opts: { user: string; provider: string; left: string; as: string }) => {
      await withRegister((r) => r.recordEmployment({ userId: opts.user, provider: opts.provider, leftOn: opts.left }, { actor: opts.as }));
      print(`recorded: ${opts.user} left ${opts.provider} on ${opts.left}`);
    });
  rotation
    .command('list')
    .description('every assignment and former employer')
    .option('--provider <code>', 'only this provider')
    .option('--json', 'print JSON')
    .action(async (opts: { provider?: string; json?: boolean }) => {
      const all = await withRegister((r) => r.list());
      const assignments = all.assignments.filter((a) => opts.provider === undefined || a.provider === opts.provider);
      if (opts.json) {
        print(JSON.stringify({ assignments, employment: all.employment.filter((e) => opts.provider === undefined || e.provider === opts.provider) }, null, 2));
        return;
      }
      if (assignments.length === 0) print('No assignments.');
      for (const a of assignments) print(`${a.provider}\t${a.position === 1 ? '1st' : '2nd'}\t${a.userId}\t${a.from}\t${a.until ?? '(open)'}`);
    });
  rotation
    .command('check')
    .description('providers without a complete pair, terms exceeded (exit 1) and terms ending within 3 months')
    .option('--today <date>', 'the day to check (default: today in Amsterdam)')
    .option('--json', 'print JSON')
    .action(async (opts: { today?: string; json?: boolean }) => {
      const { isoDate } = await import('../machines/schemas.ts');
      if (opts.today !== undefined && !isoDate().safeParse(opts.today).success) throw new InvalidArgumentError(`--today: expected a real date YYYY-MM-DD (got ${JSON.stringify(opts.today.slice(0, 40))})`);
      const result = await withRegister((r, today) => r.check(opts.today ?? today));
      if (opts.json) print(JSON.stringify(result, null, 2));
      else {
        report(result);
        if (result.violations.length === 0 && result.warnings.length === 0) print('Rotation in order.');
      }
      if (result.violations.length > 0) process.exitCode = 1;
    });
}
