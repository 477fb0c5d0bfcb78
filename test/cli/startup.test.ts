// How `jeugdflow` starts (issue 15): the compiled CLI only while it is fresh, tsx otherwise; and the
// commands that need no server load neither Temporal nor the machines. No server needed.
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repo = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(repo, 'bin', 'jeugdflow.js');

describe('bin/jeugdflow.js runs the compiled CLI only while no source is newer than the build', () => {
  let dir: string;
  const say = async (env: NodeJS.ProcessEnv = {}) => (await run(process.execPath, [join(dir, 'bin', 'jeugdflow.js'), 'x'], { env: { ...process.env, JEUGDFLOW_CLI_TSX: '', ...env } })).stdout.trim();
  const build = (startedAt: number, inputs: string[]) =>
    writeFileSync(join(dir, 'dist', 'cli', 'build.json'), JSON.stringify({ startedAt, entry: 'main.js', inputs }));

  beforeAll(() => {
    // A repository in miniature: the real bin, a "bundle" and a TypeScript CLI that say who they are.
    dir = mkdtempSync(join(tmpdir(), 'jeugdflow-bin-'));
    for (const d of ['bin', 'cli', join('dist', 'cli')]) mkdirSync(join(dir, d), { recursive: true });
    copyFileSync(bin, join(dir, 'bin', 'jeugdflow.js'));
    symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'));
    writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
    writeFileSync(join(dir, 'dist', 'cli', 'main.js'), "export async function main() { console.log('bundle'); return 0; }\n");
    writeFileSync(join(dir, 'cli', 'main.ts'), "export async function main(argv: string[]): Promise<number> { console.log('tsx'); return argv.length > 0 ? 0 : 1; }\n");
    const past = new Date(Date.now() - 60_000);
    utimesSync(join(dir, 'cli', 'main.ts'), past, past);
    utimesSync(join(dir, 'package.json'), past, past);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a build newer than every input runs the bundle', async () => {
    build(Date.now(), ['cli/main.ts', 'package.json']);
    expect(await say()).toBe('bundle');
  });

  it('a source edited after the build runs through tsx (never stale code)', async () => {
    build(Date.now(), ['cli/main.ts', 'package.json']);
    const later = new Date(Date.now() + 5_000);
    utimesSync(join(dir, 'cli', 'main.ts'), later, later);
    try {
      expect(await say()).toBe('tsx');
    } finally {
      const past = new Date(Date.now() - 60_000);
      utimesSync(join(dir, 'cli', 'main.ts'), past, past);
    }
  });

  it('a removed input, a missing build.json or JEUGDFLOW_CLI_TSX=1 runs through tsx', async () => {
    build(Date.now(), ['cli/main.ts', 'cli/gone.ts']);
    expect(await say()).toBe('tsx');
    build(Date.now(), ['cli/main.ts']);
    expect(await say({ JEUGDFLOW_CLI_TSX: '1' })).toBe('tsx');
    unlinkSync(join(dir, 'dist', 'cli', 'build.json'));
    expect(await say()).toBe('tsx');
  });
});

describe('the compiled CommonJS CLI keeps a V8 code cache per command and never depends on it', () => {
  let dir: string;
  const cacheDir = () => join(dir, 'dist', 'cli', 'cache');
  const caches = () => {
    try {
      return readdirSync(cacheDir()).sort();
    } catch {
      return [];
    }
  };
  const say = async (...args: string[]) => (await run(process.execPath, [join(dir, 'bin', 'jeugdflow.js'), ...args], { env: { ...process.env, JEUGDFLOW_CLI_TSX: '' } })).stdout.trim();

  beforeAll(() => {
    // A repository in miniature with a CommonJS "bundle" that echoes its arguments, as buildCli.mjs writes it.
    dir = mkdtempSync(join(tmpdir(), 'jeugdflow-cache-'));
    for (const d of ['bin', 'cli', join('dist', 'cli')]) mkdirSync(join(dir, d), { recursive: true });
    copyFileSync(bin, join(dir, 'bin', 'jeugdflow.js'));
    symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'));
    writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
    writeFileSync(join(dir, 'cli', 'main.ts'), 'export {};\n');
    writeFileSync(
      join(dir, 'dist', 'cli', 'main.cjs'),
      "'use strict';\nconst { basename } = require('node:path');\nexports.main = async (argv) => { console.log(`cjs ${basename(__filename)} ${argv.slice(2).join(' ')}`); return 0; };\n",
    );
    const past = new Date(Date.now() - 60_000);
    for (const f of ['package.json', join('cli', 'main.ts')]) utimesSync(join(dir, f), past, past);
    writeFileSync(join(dir, 'dist', 'cli', 'build.json'), JSON.stringify({ startedAt: Date.now(), entry: 'main.cjs', inputs: ['cli/main.ts', 'package.json'] }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the first run of a command writes its cache, the next run reads it and answers the same', async () => {
    expect(await say('show', 'ESC-1')).toBe('cjs main.cjs show ESC-1');
    const written = caches();
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(/^show-.+\.cache$/);
    const before = statSync(join(cacheDir(), written[0]!)).mtimeMs;
    expect(await say('show', 'ESC-2')).toBe('cjs main.cjs show ESC-2');
    // Accepted by V8: not written again.
    expect(statSync(join(cacheDir(), written[0]!)).mtimeMs).toBe(before);
    expect(await say('--help')).toBe('cjs main.cjs --help');
    expect(caches().some((f) => f.startsWith('main-'))).toBe(true);
  });

  it('a corrupt cache is refused by V8, the command still answers, and the cache is rewritten', async () => {
    await say('list');
    const file = join(cacheDir(), caches().find((f) => f.startsWith('list-'))!);
    writeFileSync(file, Buffer.from('not a V8 code cache at all, just bytes'));
    expect(await say('list', '--all')).toBe('cjs main.cjs list --all');
    expect(readFileSync(file).toString('utf8')).not.toContain('not a V8 code cache');
  });
});

describe('commands that need no server load neither Temporal nor xstate nor the machines', () => {
  // A resolve hook (registered before tsx) that reports every module the CLI loads, from the sources.
  const hook = `data:text/javascript,${encodeURIComponent(
    "import { register } from 'node:module'; register('data:text/javascript,' + encodeURIComponent(\"export async function resolve(s, c, next) { const r = await next(s, c); process.stderr.write('LOADED ' + r.url + '\\\\n'); return r; }\"));",
  )}`;
  const loaded = async (...args: string[]) => {
    const { stderr } = await run(process.execPath, ['--import', hook, bin, ...args], { env: { ...process.env, JEUGDFLOW_CLI_TSX: '1' } });
    return stderr.split('\n').filter((l) => l.startsWith('LOADED ')).map((l) => l.slice(7));
  };
  const heavy = (urls: string[]) => urls.filter((u) => /@temporalio|\/xstate\/|\/machines\/(?!types\.ts|immutable\.ts)|\/operations\/|\/config\//.test(u));

  it('deadline and --help load commander and the calendar only', async () => {
    const deadline = await loaded('deadline', '--from', '2026-11-20', '--working-days', '5');
    expect(deadline.some((u) => u.includes('/calendar/'))).toBe(true);
    expect(heavy(deadline)).toEqual([]);
    expect(heavy(await loaded('--help'))).toEqual([]);
  });

  it('procedures loads the machines but not Temporal', async () => {
    const urls = await loaded('procedures');
    expect(urls.some((u) => u.includes('/machines/escalationLadderMachine.ts'))).toBe(true);
    expect(urls.filter((u) => u.includes('@temporalio'))).toEqual([]);
  });
});
