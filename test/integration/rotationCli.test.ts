// `jeugdflow rotation` as an operator uses it (002 §2.3.2), in a child process with its own data folder: a
// breaking assignment is refused with exit 1 naming the rule; a pair is assigned; `check` reports.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../support/cli.ts';
import { TEST_KEY_ENV } from '../support/temporal.ts';

let dataDir: string;

async function cli(...args: string[]): Promise<CliResult> {
  return runCli(['rotation', ...args], { ...TEST_KEY_ENV, JEUGDFLOW_DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn' });
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'jeugdflow-rotation-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('jeugdflow rotation (002 §2.3.2)', () => {
  it('refuses one contract manager alone ("koppels van 2 contractmanagers"), assigns a pair, refuses a former employee within 2 years, and checks', async () => {
    const alone = await cli('assign', '--provider', 'zorg-oost', '--first', 'cm-a', '--from', '2026-01-05', '--as', 'supervisor:sup-1');
    expect(alone.code).toBe(1);
    expect(alone.stderr).toContain('refused (ROTATION_RULE, pair)');
    expect(alone.stderr).toContain('Het werken in koppels van 2 contractmanagers');

    const pair = await cli('assign', '--provider', 'zorg-oost', '--first', 'cm-a', '--second', 'cm-b', '--from', '2026-01-05', '--as', 'supervisor:sup-1');
    expect(pair.code).toBe(0);
    expect(pair.stdout).toContain('assigned: cm-a as 1st on zorg-oost from 2026-01-05 (4-year term ends 2030-01-04)');

    expect((await cli('former-employer', '--user', 'cm-c', '--provider', 'zorg-oost', '--left', '2025-06-30', '--as', 'supervisor:sup-1')).code).toBe(0);
    const cooling = await cli('assign', '--provider', 'zorg-oost', '--second', 'cm-c', '--from', '2027-06-30', '--as', 'supervisor:sup-1');
    expect(cooling.code).toBe(1);
    expect(cooling.stderr).toContain('mag daar pas vanaf 1 juli 2027 contractmanager zijn');

    const warned = await cli('check', '--today', '2029-10-05', '--json');
    expect(warned.code).toBe(0);
    expect(JSON.parse(warned.stdout).warnings.map((w: { userId: string }) => w.userId)).toEqual(['cm-a', 'cm-b']);
    const exceeded = await cli('check', '--today', '2030-01-05');
    expect(exceeded.code).toBe(1);
    expect(exceeded.stderr).toContain('is langer dan 4 jaar verantwoordelijk');
  }, 240_000);

  it('only a supervisor records rotation', async () => {
    const res = await cli('assign', '--provider', 'zorg-west', '--first', 'cm-a', '--second', 'cm-b', '--from', '2026-01-05', '--as', 'contractmanager:anna');
    expect(res.code).toBe(2);
  });
});
