// Dossier as PDF (optional): the printable dossier page rendered by headless Chromium, when installed.
// One rendering at a time; stylesheets are inlined and scripts dropped, so the page needs no server.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export function findChromium(): string | undefined {
  return CANDIDATES.find((p) => existsSync(p));
}

let queue: Promise<unknown> = Promise.resolve();

function run(binary: string, args: string[], timeoutMs: number): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    execFile(binary, args, { timeout: timeoutMs, maxBuffer: 4 * 1024 * 1024 }, (err) => (err ? reject(err) : resolvePromise()));
  });
}

/** PDF bytes of `page` (a full HTML document); `styles` maps stylesheet hrefs to their CSS. */
export function htmlToPdf(binary: string, page: string, styles: ReadonlyMap<string, string>): Promise<Buffer> {
  const job = queue.then(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'jeugdflow-pdf-'));
    try {
      const inlined = page
        .replace(/<script\b[^>]*><\/script>/g, '')
        .replace(/<link rel="stylesheet" href="([^"]+)">/g, (_m, href: string) => `<style>${(styles.get(href) ?? '').replace(/<\/style/gi, '<\\/style')}</style>`);
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
        60_000,
      );
      return await readFile(out);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
  queue = job.catch(() => undefined);
  return job;
}
