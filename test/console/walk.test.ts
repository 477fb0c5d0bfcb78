// The console is where the work happens (issue 16): in Debian's Chromium (playwright-core), one case of
// EACH procedure walks from start to close through the console only — every step typed into the forms
// generated from the schemas (lists with "Nog een … toevoegen", Ja/Nee decisions, dates), signed in as
// the roles the seeds name — with 0 axe violations (WCAG 2.1 A/AA) on every page visited. A screenshot of
// each page type goes to test/artifacts/screenshots/ (gitignored).
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword, UserDirectory } from '../../api/users.ts';
import { eventFormId } from '../../console/pages/case.ts';
import { findProcedure } from '../../machines/index.ts';
import { PASSWORD, startHarness, token, type Harness } from '../api/harness.ts';
import { axeViolations, launchBrowser } from '../support/browser.ts';
import { WALKS, WALK_USERS, type WalkStep } from './walks.ts';

const SHOTS = join(import.meta.dirname, '..', 'artifacts', 'screenshots');

let h: Harness;
let browser: Browser;
let base: string;
const provider = `za-${token()}`;
const pages = new Map<string, Page>();
const shots = new Set<string>();
const visited: string[] = [];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  const hash = await hashPassword(PASSWORD);
  const users = UserDirectory.fromJson({
    users: WALK_USERS.map((u) => ({ id: u.id, name: u.name, roles: u.roles, ...(u.provider ? { provider } : {}), passwordHash: hash })),
  });
  h = await startHarness({ app: { users } });
  await h.app.listen({ port: 0, host: 'localhost' });
  base = `http://localhost:${(h.app.server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await h?.close();
});


/** axe on the page as it is, with every disclosure opened (the forms inside are checked too); a screenshot per page type. */
async function visit(page: Page, kind: string): Promise<void> {
  await page.evaluate(`document.querySelectorAll('details').forEach((d) => d.setAttribute('open', ''))`);
  visited.push(`${kind}: ${new URL(page.url()).pathname}`);
  expect(await axeViolations(page), `axe on ${kind} (${page.url()})`).toEqual([]);
  if (!shots.has(kind)) {
    shots.add(kind);
    await page.screenshot({ path: join(SHOTS, `${kind}.png`), fullPage: true });
  }
}

async function pageOf(userId: string): Promise<Page> {
  const known = pages.get(userId);
  if (known) return known;
  const context = await browser.newContext({ locale: 'nl-NL', timezoneId: 'Europe/Amsterdam', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  page.setDefaultNavigationTimeout(60_000);
  await page.goto(`${base}/inloggen`);
  if (!shots.has('inloggen')) await visit(page, 'inloggen');
  await page.fill('#f-inloggen-username', userId);
  await page.fill('#f-inloggen-password', PASSWORD);
  await Promise.all([page.waitForURL(`${base}/mijn-werk`), page.click('button:has-text("Inloggen")')]);
  await visit(page, 'mijn-werk');
  pages.set(userId, page);
  return page;
}

type Leaf = { name: string; value: unknown };

/** The form fields a payload fills, by name (`payload.actions.1.what`), and the lists with their lengths. */
function leavesOf(value: unknown, name: string, leaves: Leaf[], lists: Map<string, number>): void {
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v === 'string') && value.length > 0 && !/^[A-Z]/.test(String(value[0])) && value.every((v) => /^[a-z-]+$/.test(String(v)))) {
      // A choice of several codes (checkboxes), e.g. the core values.
      leaves.push({ name, value });
      return;
    }
    lists.set(name, value.length);
    value.forEach((v, i) => leavesOf(v, `${name}.${i}`, leaves, lists));
    return;
  }
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) leavesOf(v, `${name}.${k}`, leaves, lists);
    return;
  }
  leaves.push({ name, value });
}

const byName = (scope: Locator | Page, name: string) => scope.locator(`[name="${name}"]`);

/** Types a payload into a form as a person would: groups added with their button first, then every field. */
async function fillForm(page: Page, formSelector: string, payload: Record<string, unknown>, prefix: string): Promise<void> {
  const leaves: Leaf[] = [];
  const lists = new Map<string, number>();
  leavesOf(payload, prefix, leaves, lists);
  for (const [list, n] of lists) {
    for (;;) {
      const form = page.locator(formSelector);
      const shown = Number(await byName(form, `${list}._n`).first().inputValue());
      if (shown >= n) break;
      // "Nog een … toevoegen": the page comes back with one group more (no JavaScript needed).
      await Promise.all([page.waitForLoadState('load'), page.waitForEvent('framenavigated'), form.locator(`button[name="_add"][value="${list}"]`).click()]);
      await page.evaluate(`document.querySelectorAll('details').forEach((d) => d.setAttribute('open', ''))`);
    }
  }
  const form = page.locator(formSelector);
  for (const { name, value } of leaves) {
    const controls = byName(form, name);
    const count = await controls.count();
    if (count === 0) throw new Error(`no field ${name} in ${formSelector}`);
    const first = controls.first();
    const [tag, type, readOnly] = await first.evaluate((el) => {
      const input = el as unknown as { tagName: string; type?: string; readOnly?: boolean };
      return [input.tagName.toLowerCase(), input.type ?? '', input.readOnly === true] as const;
    });
    if (type === 'hidden' || readOnly) continue;
    if (type === 'radio') await form.locator(`[name="${name}"][value="${String(value)}"]`).check();
    else if (type === 'checkbox' && Array.isArray(value)) for (const v of value) await form.locator(`[name="${name}"][value="${String(v)}"]`).check();
    else if (type === 'checkbox') {
      if (value === true) await first.check();
    } else if (tag === 'select') await first.selectOption(String(value));
    else await first.fill(String(value));
  }
}

async function errorSummary(page: Page): Promise<string | undefined> {
  const summary = page.locator('.jf-error-summary');
  return (await summary.count()) ? (await summary.first().innerText()).replace(/\s+/g, ' ') : undefined;
}

async function takeStep(caseId: string, procedure: string, step: WalkStep): Promise<void> {
  const page = await pageOf(step.user);
  await page.goto(`${base}/zaken/${encodeURIComponent(caseId)}`);
  await visit(page, `zaak-${procedure}`);
  const formId = eventFormId(step.type, step.variant ?? '');
  const form = `#${formId} form`;
  await fillForm(page, form, step.payload, 'payload');
  await Promise.all([page.waitForURL(/vastgelegd=|\/stappen/), page.locator(`${form} button.utrecht-button--primary-action`).click()]);
  const error = await errorSummary(page);
  expect(error, `${procedure}: ${step.type} by ${step.user}`).toBeUndefined();
  expect(page.url()).toContain(`vastgelegd=${encodeURIComponent(step.type)}`);
}

describe('the whole job in the console (issue 16)', () => {
  it('walks one case of each procedure from start to close through the console only, as the roles the seeds name, with 0 axe violations on every page', async () => {
    for (const walk of WALKS) {
      const def = findProcedure(walk.procedure)!;
      const page = await pageOf(walk.starter);
      await page.goto(`${base}/zaken/nieuw`);
      await visit(page, 'nieuwe-zaak-kiezen');
      await Promise.all([page.waitForURL(`${base}/zaken/nieuw/${walk.procedure}`), page.click(`a[href="/zaken/nieuw/${walk.procedure}"]`)]);
      await visit(page, `startformulier-${walk.name}`);
      const caseId = `WALK-${walk.name.toUpperCase()}-${token()}`;
      await page.fill('#f-nieuwe-zaak-caseId', caseId);
      await fillForm(page, 'form.jf-form', walk.data(provider), 'data');
      await Promise.all([page.waitForURL(/gestart=1|\/zaken\/nieuw\//), page.click(`button.utrecht-button--primary-action:has-text("Zaak starten")`)]);
      expect(await errorSummary(page), `start ${walk.procedure}`).toBeUndefined();
      await visit(page, `zaak-${walk.name}`);

      if (walk.name === 'ladder') {
        // A step sent empty: refused, every field marked in Dutch, nothing recorded; the page stays accessible.
        const formId = eventFormId('hearing.recorded', '');
        await page.evaluate(`document.querySelectorAll('details').forEach((d) => d.setAttribute('open', ''))`);
        await Promise.all([page.waitForURL(/\/stappen/), page.locator(`#${formId} form button.utrecht-button--primary-action`).click()]);
        expect(await errorSummary(page)).toContain('Controleer de gemarkeerde velden');
        await expect.poll(() => page.locator(`#f-${formId}-payload-findings[aria-invalid="true"]`).count()).toBe(1);
        await visit(page, 'formulier-met-fouten');
      }

      for (const step of walk.steps) await takeStep(caseId, walk.name, step);

      const closer = await pageOf(walk.steps.at(-1)!.user);
      await closer.goto(`${base}/zaken/${encodeURIComponent(caseId)}`);
      expect(await closer.locator('main').innerText(), `${walk.procedure} closed`).toContain('Afgesloten');
      await visit(closer, `zaak-${walk.name}-afgesloten`);
      await closer.goto(`${base}/zaken/${encodeURIComponent(caseId)}/dossier`);
      await visit(closer, `dossier-${walk.name}`);
      expect(def.id).toBe(walk.procedure);
    }
    const sanne = await pageOf('sanne');
    await sanne.goto(`${base}/toezicht`);
    await visit(sanne, 'toezicht');
    await sanne.goto(`${base}/zaken`);
    await visit(sanne, 'zaken');
    await sanne.goto(`${base}/bestaat-niet`);
    await visit(sanne, 'foutpagina');
    console.log(`screenshots in ${SHOTS}:\n${[...shots].map((s) => `  ${s}.png`).join('\n')}\npages checked with axe: ${visited.length}`);
  }, 600_000);
});
