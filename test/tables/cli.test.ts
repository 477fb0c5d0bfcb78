// `jeugdflow tables membership|may-participate`, in-process (no Temporal).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Command, CommanderError } from 'commander';
import { registerTableCommands } from '../../cli/tablesCommand.ts';

const dir = mkdtempSync(join(tmpdir(), 'jeugdflow-tables-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const GOOD = file(
  'good.csv',
  [
    'provider,name,year,revenue_eur,clients',
    'aanbieder-001,Boba Groep BV,2023,1200000,300',
    'aanbieder-001,Boba Groep BV,2024,1000000,150',
    'aanbieder-002,Timon,2023,500000,150',
    'aanbieder-002,Timon,2024,480000,200',
    'aanbieder-003,Coach-Point BV,2024,700000,200',
  ].join('\n'),
);
const BAD = file('bad.csv', ['provider,name,year,revenue_eur,clients', 'aanbieder-001,Boba,2023,1200000,300', 'aanbieder-002,Timon,2023,"500,000",150', 'aanbieder-003,Coach,2023,1,1.5'].join('\n'));

async function cli(...args: string[]): Promise<{ out: string; err: string; exitCode: number | undefined; error?: CommanderError }> {
  let out = '';
  let err = '';
  const so = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  const se = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  const program = new Command('jeugdflow').exitOverride().configureOutput({ writeErr: (s) => (err += s), writeOut: (s) => (out += s) });
  registerTableCommands(program);
  let error: CommanderError | undefined;
  try {
    await program.parseAsync(['tables', ...args], { from: 'user' });
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    error = e;
  } finally {
    so.mockRestore();
    se.mockRestore();
  }
  const exitCode = typeof process.exitCode === 'number' ? process.exitCode : undefined;
  return { out, err, exitCode, ...(error ? { error } : {}) };
}

afterEach(() => {
  process.exitCode = undefined;
});

describe('jeugdflow tables membership', () => {
  it('prints both tables with the Dutch reason per provider', async () => {
    const r = await cli('membership', '--billing', GOOD, '--year', '2025');
    expect(r.exitCode ?? 0).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toContain('Members of the physical development table (fysieke ontwikkeltafel) for 2025, from billing data 2023 and 2024');
    expect(r.out).toContain('Members of the board development table (bestuurlijke ontwikkeltafel) for 2025');
    expect(r.out).toMatch(/aanbieder-002 +Timon .*no +omzet 2024 € 480\.000 < € 500\.000/);
    expect(r.out).toMatch(/aanbieder-003 .*no +geen facturatiegegevens over 2023/);
    expect(r.out).toMatch(/aanbieder-001 +Boba Groep BV +€ 1\.200\.000 +300 +€ 1\.000\.000 +150 +yes/);
  });

  it('--table, --invite and --json', async () => {
    const r = await cli('membership', '--billing', GOOD, '--year', '2025', '--table', 'fysiek', '--invite', 'aanbieder-003,aanbieder-009', '--json');
    const list = JSON.parse(r.out);
    expect(list.table).toBe('fysiek');
    expect([...list.members].sort()).toEqual(['aanbieder-001', 'aanbieder-003', 'aanbieder-009']);
    expect(list.entries.find((e: { provider: string }) => e.provider === 'aanbieder-003').explanation).toMatch(/^uitgenodigd door opdrachtgever/);
  });

  it('an invalid CSV: exit 2, one line per bad field "line N, field F: message", no result printed', async () => {
    const r = await cli('membership', '--billing', BAD, '--year', '2025');
    expect(r.exitCode).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^line 3, field revenue_eur: expected a non-negative amount/),
      expect.stringMatching(/^line 4, field clients: expected a non-negative whole number/),
    ]);
  });

  it('bad flags are refused as invalid arguments', async () => {
    for (const args of [
      ['--billing', GOOD, '--year', '25'],
      ['--billing', GOOD, '--year', '2025', '--invite', 'Boba BV'],
      ['--billing', GOOD, '--year', '2025', '--table', 'digitaal'],
      ['--billing', join(dir, 'missing.csv'), '--year', '2025'],
    ]) {
      const r = await cli('membership', ...args);
      expect(r.error?.code, args.join(' ')).toMatch(/^commander\.(invalidArgument|optionMissingArgument)$/);
      expect(r.out).toBe('');
    }
  });
});

describe('jeugdflow tables may-participate', () => {
  it('a provider outside the Bijzonder Deel may not take part in a segment topic (exit 1), unless SOJ widens it', async () => {
    const no = await cli('may-participate', '--provider', 'aanbieder-077', '--topic', 'segment', '--bijzonder-deel', 'jeugd-ggz', '--provider-delen', 'verblijf');
    expect(no.exitCode).toBe(1);
    expect(no.out).toContain('aanbieder-077: may NOT take part — aanbieder-077 neemt niet deel aan Bijzonder Deel jeugd-ggz');
    const yes = await cli('may-participate', '--provider', 'aanbieder-077', '--topic', 'segment', '--bijzonder-deel', 'jeugd-ggz', '--widened', 'aanbieder-077', '--json');
    expect(yes.exitCode).toBe(0);
    expect(JSON.parse(yes.out)).toMatchObject({ allowed: true, basis: 'verruimd-door-opdrachtgever' });
  });
});
