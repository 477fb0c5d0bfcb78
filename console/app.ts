// The console: the JSON API plus the Dutch pages, in one fastify app (not listening yet).
import type { FastifyInstance } from 'fastify';
import { buildApi, type BuildApiOptions } from '../api/app.ts';
import { codecRoutes } from './codec.ts';
import { consoleRoutes, type ConsoleOptions } from './routes.ts';

export type BuildConsoleOptions = BuildApiOptions &
  ConsoleOptions & {
    /** Origin of the Temporal Web UI allowed to call the codec endpoint /codec (CORS with credentials). */
    temporalUiOrigin?: string;
  };

export async function buildConsole(opts: BuildConsoleOptions): Promise<FastifyInstance> {
  const app = await buildApi(opts);
  await app.register(consoleRoutes, {
    ...(opts.demo ? { demo: true } : {}),
    ...(opts.pdf === false ? { pdf: false } : {}),
    ...(opts.pdfBinary ? { pdfBinary: opts.pdfBinary } : {}),
    ...(opts.pdfQueue ? { pdfQueue: opts.pdfQueue } : {}),
    ...(opts.mailDir ? { mailDir: opts.mailDir } : {}),
    ...(opts.ops.calendar ? { calendar: opts.ops.calendar } : {}),
    temporalUi: { ...(opts.temporalUiOrigin ? { url: opts.temporalUiOrigin } : {}), namespace: opts.ops.namespace ?? 'default' },
  });
  // The Temporal Web UI's remote codec: needs the key ring of the operations' client.
  if (opts.ops.keys) await app.register(codecRoutes, { keys: opts.ops.keys, uiOrigin: opts.temporalUiOrigin });
  return app;
}
