// Sign-in with the organisation's account in a real browser (Debian's Chromium, playwright-core): the
// log-in page's "Inloggen met uw organisatieaccount" reached by keyboard, the identity provider
// (oidc-provider on a loopback port) and back, with the cookies a browser really keeps (Secure,
// SameSite=Lax across the provider's redirect); axe on the log-in page with the OIDC button and on a
// refused sign-in.
import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConsole } from '../../console/app.ts';
import { freePort } from '../../scripts/devServer.ts';
import { axeViolations, launchBrowser } from '../support/browser.ts';
import { testUsers } from './harness.ts';
import { startIdentityProvider, type TestIdentityProvider } from './identityProvider.ts';

const CLIENT_ID = 'jeugdflow-console';
const CLIENT_SECRET = 'browser-client-secret-0123456789';

let idp: TestIdentityProvider;
let app: FastifyInstance;
let connection: Connection;
let browser: Browser;
let base: string;

beforeAll(async () => {
  const port = await freePort();
  base = `http://localhost:${port}`;
  idp = await startIdentityProvider({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    redirectUri: `${base}/auth/oidc/callback`,
    accounts: {
      'eva.smit': { name: 'Eva Smit', preferred_username: 'eva.smit', roles: ['aanbieder'], provider: 'zorg-oost' },
      'kees.buiten': { name: 'Kees Buiten', preferred_username: 'kees.buiten', roles: ['office-users'] },
    },
  });
  connection = Connection.lazy({ address: '127.0.0.1:1' });
  app = await buildConsole({
    ops: { client: new Client({ connection }), taskQueue: 'unused', namespace: 'default', calendar: {} },
    users: await testUsers('za-browser', 'zb-browser'),
    pdf: false,
    publicUrl: base,
    oidc: {
      issuer: new URL(idp.issuer),
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      redirectUrl: new URL(`${base}/auth/oidc/callback`),
      scope: 'openid profile',
      claims: { userId: 'preferred_username', name: 'name', roles: 'roles', provider: 'provider' },
      roleMap: new Map(),
    },
  });
  await app.listen({ port, host: 'localhost' });
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await connection?.close().catch(() => undefined);
  await idp?.close();
});


/** Presses Tab until `selector` has the focus: proves it can be reached by keyboard. */
async function tabTo(page: Page, selector: string, max = 50): Promise<void> {
  const target = page.locator(selector).first();
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((el) => el === el.ownerDocument.activeElement)) return;
  }
  throw new Error(`${selector} not reached with Tab`);
}

/** At the identity provider's development pages: log `accountId` in, then give consent. */
async function signInAtProvider(page: Page, accountId: string): Promise<void> {
  await page.waitForURL(new RegExp(`^${idp.issuer}/interaction/`));
  await page.fill('input[name="login"]', accountId);
  await page.fill('input[name="password"]', 'any');
  await page.click('button[type="submit"]');
  await page.waitForURL((url) => url.href.startsWith(`${idp.issuer}/interaction/`) || url.href.startsWith(base));
  if (page.url().startsWith(idp.issuer)) await page.click('button[type="submit"]'); // consent
}

describe('sign-in with the organisation account in a browser', () => {
  it('reaches "Inloggen met uw organisatieaccount" by keyboard and comes back logged in with the mapped role and provider scope', async () => {
    const context = await browser.newContext({ locale: 'nl-NL' });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const messages: string[] = [];
    page.on('console', (m) => messages.push(m.text()));
    try {
      await page.goto(`${base}/inloggen?terug=%2Fapi%2Fsession`);
      expect(await axeViolations(page), 'axe on the log-in page with OpenID Connect').toEqual([]);
      await tabTo(page, '#inloggen-organisatie');
      await page.keyboard.press('Enter');
      await signInAtProvider(page, 'eva.smit');
      await page.waitForURL(`${base}/api/session`);
      const session = JSON.parse(await page.locator('body').innerText()) as { user: unknown };
      expect(session.user).toEqual({ id: 'eva.smit', name: 'Eva Smit', roles: ['aanbieder'], provider: 'zorg-oost' });
      expect(messages.filter((m) => /Content Security Policy/i.test(m))).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('shows a refused sign-in on the log-in page in Dutch, accessible', async () => {
    const context = await browser.newContext({ locale: 'nl-NL' });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    try {
      await page.goto(`${base}/inloggen`);
      await page.click('#inloggen-organisatie');
      await signInAtProvider(page, 'kees.buiten');
      await page.waitForURL((url) => url.href.startsWith(`${base}/auth/oidc/callback`));
      await expect.poll(() => page.locator('h2.jf-alert__heading').first().innerText()).toBe('Inloggen met uw organisatieaccount is niet gelukt');
      expect(await page.locator('body').innerText()).toContain('geen rol in jeugdflow');
      expect(await axeViolations(page), 'axe on a refused sign-in').toEqual([]);
    } finally {
      await context.close();
    }
  });
});
