// The console: the JSON API plus the Dutch pages, in one fastify app (not listening yet).
import type { FastifyInstance } from 'fastify';
import { buildApi, type BuildApiOptions } from '../api/app.ts';
import { consoleRoutes, type ConsoleOptions } from './routes.ts';

export type BuildConsoleOptions = BuildApiOptions & ConsoleOptions;

export async function buildConsole(opts: BuildConsoleOptions): Promise<FastifyInstance> {
  const app = await buildApi(opts);
  await app.register(consoleRoutes, {
    ...(opts.demo ? { demo: true } : {}),
    ...(opts.pdf === false ? { pdf: false } : {}),
    ...(opts.pdfBinary ? { pdfBinary: opts.pdfBinary } : {}),
    ...(opts.pdfQueue ? { pdfQueue: opts.pdfQueue } : {}),
    ...(opts.mailDir ? { mailDir: opts.mailDir } : {}),
  });
  return app;
}
