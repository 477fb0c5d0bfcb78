// Structured logs (pino). Never personal data: payloads, personal data and free text are redacted.
import { pino, type Logger } from 'pino';

export const REDACTED_PATHS = [
  'personalData',
  '*.personalData',
  'payload',
  '*.payload',
  'data',
  '*.data',
  'bsn',
  '*.bsn',
  'name',
  '*.name',
  'reason',
  '*.reason',
];

export function createLogger(level = 'info', destination?: NodeJS.WritableStream): Logger {
  return pino(
    { level, base: { app: 'jeugdflow' }, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } },
    destination ?? process.stderr,
  );
}
