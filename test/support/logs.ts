// A pino logger whose lines a test can read: for tests of what is logged (and what never is).
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';

/** A pino logger at `debug` whose lines, parsed, `lines()` gives. */
export function captureLogger(): { logger: Logger; lines: () => Record<string, unknown>[] } {
  const out: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      out.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      cb();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), lines: () => out.map((l) => JSON.parse(l) as Record<string, unknown>) };
}
