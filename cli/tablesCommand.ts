// `jeugdflow tables …`: development tables without Temporal — who sits at the physical and board
// tables (from billing CSV) and who may take part in a topic. English frame, Dutch reasons.
// Exit codes: 0 ok, 1 not allowed (may-participate), 2 bad arguments or an invalid CSV.
import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import {
  isCode,
  computeMembership,
  formatCsvError,
  formatEuro,
  mayParticipate,
  parseBillingCsv,
  TABLE_TYPES,
  TOPIC_SCOPES,
  type MembershipList,
  type MembershipTable,
  type TableType,
  type TopicScope,
} from '../tables/index.ts';
import { table as formatTable, TABLES_DESCRIPTION } from './format.ts';

const print = (s: string) => process.stdout.write(s.endsWith('\n') ? s : `${s}\n`);
const printJson = (v: unknown) => print(JSON.stringify(v, null, 2));

function yearArg(value: string): number {
  if (!/^\d{4}$/.test(value) || Number(value) < 2002 || Number(value) > 2100) throw new InvalidArgumentError(`expected a year YYYY from 2002 to 2100 (got '${value}')`);
  return Number(value);
}

function codeListArg(value: string): string[] {
  const codes = value.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = codes.filter((c) => !isCode(c));
  if (bad.length) throw new InvalidArgumentError(`expected comma-separated codes of lower-case letters, digits and hyphens (bad: ${bad.map((b) => `'${b}'`).join(', ')})`);
  return [...new Set(codes)];
}

function codeArg(value: string): string {
  if (!isCode(value)) throw new InvalidArgumentError(`expected a code of lower-case letters, digits and hyphens, e.g. aanbieder-042 (got '${value}')`);
  return value;
}

function readTextFile(value: string): { path: string; text: string } {
  try {
    return { path: value, text: readFileSync(value, 'utf8') };
  } catch (err) {
    throw new InvalidArgumentError(`cannot read ${value}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

const TABLE_TITLES: Record<MembershipTable, string> = { fysiek: 'physical development table (fysieke ontwikkeltafel)', bestuurlijk: 'board development table (bestuurlijke ontwikkeltafel)' };

export function formatMembership(list: MembershipList): string {
  const [y1, y2] = list.basedOn;
  const t = list.thresholds;
  const fig = (e: MembershipList['entries'][number], y: number) => {
    const f = e.years[y];
    return f ? [formatEuro(f.revenueEur), String(f.clients)] : ['-', '-'];
  };
  return [
    `Members of the ${TABLE_TITLES[list.table]} for ${list.year}, from billing data ${y1} and ${y2}`,
    `Criteria: revenue >= ${formatEuro(t.minRevenueEur)} and clients >= ${t.minClients} in both years; invited providers are members`,
    `Rule: ${list.rule}`,
    '',
    formatTable([
      ['PROVIDER', 'NAME', `REVENUE ${y1}`, `CLIENTS ${y1}`, `REVENUE ${y2}`, `CLIENTS ${y2}`, 'MEMBER', 'REASON'],
      ...list.entries.map((e) => [e.provider, e.name, ...fig(e, y1), ...fig(e, y2), e.member ? (e.basis === 'uitgenodigd' ? 'yes (invited)' : 'yes') : 'no', e.explanation]),
    ]),
    '',
    `${list.members.length} member(s) of ${list.entries.length} provider(s).`,
  ].join('\n');
}

export function registerTableCommands(program: Command): void {
  const tables = program.command('tables').description(TABLES_DESCRIPTION);

  tables
    .command('membership')
    .description('list the members of the physical and/or board table for a year, from billing CSV of the two years before')
    .requiredOption('--billing <file.csv>', 'billing CSV with columns provider,name,year,revenue_eur,clients', readTextFile)
    .requiredOption('--year <YYYY>', 'the year of the list (uses the billing data of YYYY-2 and YYYY-1)', yearArg)
    .option('--invite <codes>', 'providers the commissioning body invites beyond the criteria, comma-separated', codeListArg)
    .addOption(new Option('--table <table>', 'which table').choices(['fysiek', 'bestuurlijk', 'both']).default('both'))
    .option('--json', 'print JSON')
    .action((opts: { billing: { path: string; text: string }; year: number; invite?: string[]; table: MembershipTable | 'both'; json?: boolean }) => {
      const imported = parseBillingCsv(opts.billing.text);
      if (!imported.ok) {
        for (const e of imported.errors) process.stderr.write(`${formatCsvError(e)}\n`);
        process.exitCode = 2;
        return;
      }
      const kinds: MembershipTable[] = opts.table === 'both' ? ['fysiek', 'bestuurlijk'] : [opts.table];
      const lists = kinds.map((table) => computeMembership({ rows: imported.rows, year: opts.year, table, invited: opts.invite ?? [] }));
      if (opts.json) printJson(opts.table === 'both' ? lists : lists[0]);
      else print(lists.map(formatMembership).join('\n\n'));
    });

  tables
    .command('may-participate')
    .description('may a provider take part in a topic at a table? (exit 0 yes, 1 no)')
    .requiredOption('--provider <code>', 'provider code', codeArg)
    .addOption(new Option('--topic <scope>', 'topic scope').choices(TOPIC_SCOPES).makeOptionMandatory())
    .addOption(new Option('--table-type <type>', 'type of table').choices(TABLE_TYPES).default('digitaal'))
    .option('--bijzonder-deel <code>', 'the Bijzonder Deel of a segment table', codeArg)
    .option('--provider-delen <codes>', "the provider's Bijzondere Delen, comma-separated", codeListArg)
    .option('--widened <codes>', 'providers admitted by the commissioning body, comma-separated', codeListArg)
    .option('--members <codes>', 'members of the physical/board table, comma-separated', codeListArg)
    .option('--json', 'print JSON')
    .action(
      (opts: { provider: string; topic: TopicScope; tableType: TableType; bijzonderDeel?: string; providerDelen?: string[]; widened?: string[]; members?: string[]; json?: boolean }) => {
        const decision = mayParticipate({
          table: { type: opts.tableType, scope: opts.bijzonderDeel ? 'segment' : 'algemeen', ...(opts.bijzonderDeel ? { bijzonderDeel: opts.bijzonderDeel } : {}) },
          topicScope: opts.topic,
          provider: { code: opts.provider, bijzondereDelen: opts.providerDelen ?? [] },
          ...(opts.widened ? { widenedBy: opts.widened } : {}),
          ...(opts.members ? { members: opts.members } : {}),
        });
        if (opts.json) printJson(decision);
        else print([`${opts.provider}: ${decision.allowed ? 'may take part' : 'may NOT take part'} — ${decision.reason}`, `Rule: ${decision.rule}`].join('\n'));
        process.exitCode = decision.allowed ? 0 : 1;
      },
    );
}
