// A throwaway PostgreSQL cluster in a temp folder (initdb + pg_ctl), for the store tests and CI.
// Uses Debian's `postgresql` package (/usr/lib/postgresql/<version>/bin), PG_BIN, or pg_ctl on the PATH.
// PostgreSQL refuses to run as root: as root the cluster belongs to the `postgres` user and every
// command runs through `runuser -u postgres`.
//
//   node --import tsx scripts/postgres.ts     starts one, prints its URL, stops it (and removes it) on Ctrl-C
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chmod, chown, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface ThrowawayPostgres {
  /** postgres://jeugdflow@127.0.0.1:<port>/jeugdflow (trust authentication, loopback only). */
  url: string;
  dir: string;
  stop(): Promise<void>;
}

/** The folder with initdb and pg_ctl, or undefined when PostgreSQL is not installed. */
export function findPostgresBin(): string | undefined {
  const fromEnv = process.env.PG_BIN;
  if (fromEnv && existsSync(join(fromEnv, 'pg_ctl'))) return fromEnv;
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((v) => /^\d+$/.test(v) && existsSync(join(debian, v, 'bin', 'pg_ctl')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return join(debian, versions[0], 'bin');
  }
  const which = spawnSync('sh', ['-c', 'command -v pg_ctl'], { encoding: 'utf8' });
  const path = which.stdout.trim();
  return which.status === 0 && path ? path.replace(/\/pg_ctl$/, '') : undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function postgresUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  const uid = id('-u');
  const gid = id('-g');
  if (uid.status !== 0 || gid.status !== 0) {
    throw new Error("Running as root: PostgreSQL needs a non-root user and there is no 'postgres' user (apt-get install postgresql creates it)");
  }
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/** Starts a fresh cluster on a free loopback port; `stop()` shuts it down and removes its folder. */
export async function startThrowawayPostgres(opts: { bin?: string } = {}): Promise<ThrowawayPostgres> {
  const bin = opts.bin ?? findPostgresBin();
  if (!bin) throw new Error('PostgreSQL is not installed (apt-get install postgresql, or set PG_BIN)');
  const owner = postgresUser();
  const dir = await mkdtemp(join(tmpdir(), 'jeugdflow-pg-'));
  const data = join(dir, 'data');
  if (owner) {
    await chown(dir, owner.uid, owner.gid);
    await chmod(dir, 0o700);
  }
  const as = (cmd: string, args: string[]) => (owner ? run('runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args]) : run(join(bin, cmd), args));
  const port = await freePort();
  try {
    await as('initdb', ['-D', data, '-U', 'jeugdflow', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
    await as('pg_ctl', [
      '-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '60',
      '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`,
      'start',
    ]);
    await as('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'jeugdflow', 'jeugdflow']);
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    const e = err as { stderr?: string; message: string };
    throw new Error(`Could not start a throwaway PostgreSQL: ${e.stderr?.trim() || e.message}`);
  }
  let stopped: Promise<void> | undefined;
  return {
    url: `postgres://jeugdflow@127.0.0.1:${port}/jeugdflow`,
    dir,
    stop: () =>
      (stopped ??= (async () => {
        await as('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => {});
        await rm(dir, { recursive: true, force: true });
      })()),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const pg = await startThrowawayPostgres();
  console.log(pg.url);
  const stop = () => void pg.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
