// The console's pages need a signed-in user unless their route says `public`: the one requireUser
// pre-handler refuses, and the person lands on the log-in page with the way back; a form post without a
// user changes nothing. The log-in page and the stylesheets stay open.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, login, startHarness, type Harness } from '../api/harness.ts';

let h: Harness;
let mailDir: string;

beforeAll(async () => {
  mailDir = mkdtempSync(join(tmpdir(), 'jf-signed-in-'));
  h = await startHarness({ worker: false, app: { mailDir } });
});

afterAll(async () => {
  await h?.close();
  rmSync(mailDir, { recursive: true, force: true });
});

const PAGES = [
  '/mijn-werk',
  '/zaken',
  '/zaken?procedure=escalation-ladder',
  '/zaken/nieuw',
  '/zaken/nieuw/escalation-ladder',
  '/zaken/SI-ABCDEF',
  '/zaken/SI-ABCDEF/dossier',
  '/zaken/SI-ABCDEF/dossier.pdf',
  '/toezicht',
  '/toezicht/auditlog',
  '/post',
  '/post/some-mail',
  '/post/some-mail/html',
];

describe('console pages need a signed-in user (the requireUser pre-handler)', () => {
  it('every page without a session sends the person to the log-in page and back (303 /inloggen?terug=…)', async () => {
    for (const url of PAGES) {
      const res = await h.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(303);
      expect(res.headers.location, url).toBe(`/inloggen?terug=${encodeURIComponent(url)}`);
    }
  });

  it('a form post with a valid CSRF token but no signed-in user is not run: log-in page, nothing started', async () => {
    const anon = await anonymous(h.app);
    const caseId = 'SI-NOTSTARTED';
    const posts: [string, Record<string, string>][] = [
      ['/zaken/nieuw/escalation-ladder', { caseId, 'data.provider': h.providerA }],
      [`/zaken/${caseId}/stappen`, { type: 'hearing.recorded' }],
      [`/zaken/${caseId}/toezicht`, { 'fix.action': 'case.cancelled' }],
    ];
    for (const [url, form] of posts) {
      const res = await h.app.inject({
        method: 'POST',
        url,
        headers: { cookie: anon.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ ...form, _csrf: anon.csrf }).toString(),
      });
      expect(res.statusCode, url).toBe(303);
      expect(res.headers.location, url).toBe(`/inloggen?terug=${encodeURIComponent(url)}`);
    }
    const anna = await login(h.app, 'anna');
    expect((await anna.get(`/api/cases/${caseId}`)).statusCode).toBe(404);
  });

  it('the log-in page, the start page and the stylesheets are open to anyone', async () => {
    expect((await h.app.inject({ method: 'GET', url: '/inloggen' })).statusCode).toBe(200);
    expect((await h.app.inject({ method: 'GET', url: '/assets/console.css' })).statusCode).toBe(200);
    const root = await h.app.inject({ method: 'GET', url: '/' });
    expect(root.headers.location).toBe('/inloggen');
  });

  it('a signed-in user passes the check (the page itself answers)', async () => {
    const anna = await login(h.app, 'anna');
    const res = await anna.get('/zaken/nieuw');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
  });
});
