// A dev server the fault tests can stop and start again on the same port and the same SQLite file,
// so everything it knew must come back.
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { registerSearchAttributes } from '../../config/searchAttributes.ts';
import { freePort, startDevServer, type DevServer } from '../../scripts/devServer.ts';

export interface RestartableServer {
  address: string;
  dbFile: string;
  restarts: number;
  /** Stop (SIGTERM, or SIGKILL for `crash`), then start again with the same state file. */
  restart(downMs?: number, how?: 'graceful' | 'crash'): Promise<void>;
  stop(): Promise<void>;
}

export async function startRestartableServer(dir: string): Promise<RestartableServer> {
  const port = await freePort();
  const dbFile = join(dir, 'temporal.db');
  const start = () => startDevServer({ port, headless: true, dbFile, logFile: join(dir, 'dev-server.log') });
  let server: DevServer = await start();
  const connection = await Connection.connect({ address: server.address });
  try {
    await registerSearchAttributes(connection, 'default');
  } finally {
    await connection.close();
  }
  const self: RestartableServer = {
    address: server.address,
    dbFile,
    restarts: 0,
    async restart(downMs = 1000, how = 'graceful') {
      if (how === 'crash') process.kill(server.pid, 'SIGKILL');
      await server.stop(); // after SIGKILL: only waits for the exit
      await new Promise((r) => setTimeout(r, downMs));
      server = await start();
      self.restarts++;
    },
    stop: () => server.stop(),
  };
  return self;
}
