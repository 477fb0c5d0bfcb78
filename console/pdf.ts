// Dossier as PDF (optional): the printable dossier page rendered by headless Chromium, when installed.
// A bounded queue: at most `concurrency` renderings at once (default 2), at most `queueLimit` waiting
// (default 16); past that the request is refused at once with 503 BUSY and Retry-After instead of
// waiting minutes. Stylesheets are inlined and scripts dropped, so the page needs no server.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpError } from '../api/errors.ts';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export function findChromium(): string | undefined {
  return CANDIDATES.find((p) => existsSync(p));
}

function run(binary: string, args: string[], timeoutMs: number): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    execFile(binary, args, { timeout: timeoutMs, maxBuffer: 4 * 1024 * 1024 }, (err) => (err ? reject(err) : resolvePromise()));
  });
}

/** A CSS string literal (the running header is set by CSS). */
const cssString = (s: string) => `"${s.replace(/[\\"]/g, '\\$&').replace(/[\n\r]/g, ' ')}"`;

/**
 * The print page: A4 portrait, margins for a running header and footer, and on every page the case
 * number (top right) and "Pagina n van m" (bottom), as CSS page-margin boxes (Chromium 131+), so the
 * file needs no browser header with a temporary file path.
 */
export function printPageCss(runningHeader: string): string {
  return `@page { size: A4 portrait; margin: 18mm 15mm 18mm 15mm;
  @top-right { content: ${cssString(runningHeader)}; font: 9pt sans-serif; color: #333; }
  @bottom-center { content: "Pagina " counter(page) " van " counter(pages); font: 9pt sans-serif; color: #333; } }`;
}

export interface PdfOptions {
  /** Printed at the top of every page, e.g. "Dossier zaak ZK-2026-001". */
  runningHeader?: string;
  timeoutMs?: number;
}

/** PDF bytes of `page` (a full HTML document); `styles` maps stylesheet hrefs to their CSS. One Chromium run, no queue. */
export async function htmlToPdf(binary: string, page: string, styles: ReadonlyMap<string, string>, opts: PdfOptions | number = {}): Promise<Buffer> {
  const { runningHeader = '', timeoutMs = 60_000 } = typeof opts === 'number' ? { timeoutMs: opts } : opts;
  const dir = await mkdtemp(join(tmpdir(), 'jeugdflow-pdf-'));
  try {
    const inlined = page
      .replace(/<script\b[^>]*><\/script>/g, '')
      .replace(/<link rel="stylesheet" href="([^"]+)">/g, (_m, href: string) => `<style>${(styles.get(href) ?? '').replace(/<\/style/gi, '<\\/style')}</style>`)
      .replace('</head>', `<style>${printPageCss(runningHeader).replace(/<\/style/gi, '')}</style></head>`);
    const source = join(dir, 'dossier.html');
    const out = join(dir, 'dossier.pdf');
    await writeFile(source, inlined, 'utf8');
    await run(
      binary,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        `--user-data-dir=${join(dir, 'profile')}`,
        '--no-pdf-header-footer',
        `--print-to-pdf=${out}`,
        `file://${source}`,
      ],
      timeoutMs,
    );
    return await readFile(out);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export interface PdfQueueOptions {
  /** Renderings at once. Default 2 (each Chromium takes a core). */
  concurrency?: number;
  /** Requests that may wait for a rendering slot; one more is refused with 503 BUSY. Default 16. */
  queueLimit?: number;
  /** Seconds a refused client is told to wait (Retry-After). Default 10. */
  retryAfterSeconds?: number;
}

/** A concurrency limit with a bounded waiting line, counted (not timed), for tests and the log. */
export class BoundedQueue {
  readonly concurrency: number;
  readonly queueLimit: number;
  readonly retryAfterSeconds: number;
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  /** Most jobs that ever ran at once. */
  peak = 0;

  constructor(opts: PdfQueueOptions = {}) {
    this.concurrency = Math.max(1, opts.concurrency ?? 2);
    this.queueLimit = Math.max(0, opts.queueLimit ?? 16);
    this.retryAfterSeconds = Math.max(1, opts.retryAfterSeconds ?? 10);
  }

  get running(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** Runs `job` when a slot is free; refuses with BUSY (503, Retry-After) at once when the line is full. */
  async run<T>(job: () => Promise<T>): Promise<T> {
    if (this.active >= this.concurrency) {
      if (this.waiting.length >= this.queueLimit) {
        throw new HttpError({
          code: 'BUSY',
          message: `Er worden nu al ${this.active} dossiers als PDF gemaakt en ${this.waiting.length} wachten; probeer het over ${this.retryAfterSeconds} seconden opnieuw.`,
          retryAfter: this.retryAfterSeconds,
        });
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.active++;
    }
    // A slot is ours (handed over by release() or taken above).
    this.peak = Math.max(this.peak, this.active);
    try {
      return await job();
    } finally {
      this.release();
    }
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next(); // the slot passes on: active stays the same
    else this.active--;
  }
}
