// The console in Debian's Chromium (playwright-core), against the shared dev server with a real worker:
// keyboard-only log-in and a ladder case from start to rung 1 with a refusal and a field error on the
// way, the supervisor board flagging a seeded overdue case, and axe (WCAG 2.1 A/AA) on every page
// (with the local mail catcher: its Post pages too).
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailRecordDetails } from '../../activities/index.ts';
import { createSmtpSender, listCaughtMail, startMailCatcher, type MailCatcher } from '../../mail/index.ts';
import { recordMessage } from '../../workflows/engine.ts';
import { axeViolations, launchBrowser } from '../support/browser.ts';
import { daysAgo, eventually, hearing, PASSWORD, rungOne, seedLadderCase, startHarness, token, type Harness } from '../api/harness.ts';


let h: Harness;
let browser: Browser;
let base: string;
let mailData: string;
let catcher: MailCatcher;

beforeAll(async () => {
  mailData = await mkdtemp(join(tmpdir(), 'jeugdflow-console-mail-'));
  catcher = await startMailCatcher({ port: 0, store: mailData });
  h = await startHarness({ app: { pdf: true, mailDir: mailData } });
  await h.app.listen({ port: 0, host: 'localhost' });
  base = `http://localhost:${(h.app.server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await h?.close();
  await catcher?.close();
  if (mailData) await rm(mailData, { recursive: true, force: true });
});

interface Visit {
  context: BrowserContext;
  page: Page;
  /** Console messages of the page: CSP violations show up here. */
  messages: string[];
}

async function open(): Promise<Visit> {
  const context = await browser.newContext({ locale: 'nl-NL', timezoneId: 'Europe/Amsterdam', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const messages: string[] = [];
  page.on('console', (m) => messages.push(m.text()));
  return { context, page, messages };
}

async function logIn(page: Page, user: string): Promise<void> {
  await page.goto(`${base}/inloggen`);
  await page.fill('#f-inloggen-username', user);
  await page.fill('#f-inloggen-password', PASSWORD);
  await page.click('button:has-text("Inloggen")');
  await page.waitForURL(`${base}/mijn-werk`);
}

/** Presses Tab until `selector` has the focus: proves it can be reached by keyboard. */
async function tabTo(page: Page, selector: string, max = 250): Promise<void> {
  const target = page.locator(selector).first();
  await target.waitFor({ state: 'attached' });
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((el) => el === el.ownerDocument.activeElement)) return;
  }
  throw new Error(`${selector} not reached with Tab`);
}


async function expectAccessible(page: Page, what: string): Promise<void> {
  // Open every disclosure, so the forms inside are checked too.
  await page.evaluate(`document.querySelectorAll('details').forEach((d) => d.setAttribute('open', ''))`);
  expect(await axeViolations(page), `axe on ${what}`).toEqual([]);
}

const text = async (page: Page, selector: string) => (await page.locator(selector).first().innerText()).replace(/\s+/g, ' ').trim();

/** Presses a key that submits or follows a link, and waits for the next page. */
async function pressAndLoad(page: Page, key = 'Enter'): Promise<number | undefined> {
  const [response] = await Promise.all([page.waitForEvent('response', (r) => r.request().isNavigationRequest() && r.status() < 300), page.keyboard.press(key)]);
  await page.waitForLoadState('load');
  return response.status();
}

/** The page's scroll width and visible width: no horizontal overflow when the first is not larger. */
const WIDTHS = '[document.documentElement.scrollWidth, document.documentElement.clientWidth]';

const cspViolations = (messages: string[]) => messages.filter((m) => /Content Security Policy|Refused to/i.test(m));

describe('console', () => {
  it('a contract manager, by keyboard only, logs in, starts a ladder case, is refused a step with the reason, corrects a field and advances the case', async () => {
    const { context, page, messages } = await open();
    await page.goto(`${base}/mijn-werk`);
    await page.waitForURL(/\/inloggen\?terug=/);

    await tabTo(page, '#f-inloggen-username');
    await page.keyboard.type('anna');
    await tabTo(page, '#f-inloggen-password');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/mijn-werk`);
    expect(await text(page, 'h1')).toBe('Mijn werk');

    await tabTo(page, 'a[href="/zaken/nieuw"]');
    await pressAndLoad(page);
    await tabTo(page, 'a[href="/zaken/nieuw/escalation-ladder"]');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/zaken/nieuw/escalation-ladder`);

    const caseId = `KB-${token(6).toUpperCase()}`;
    await tabTo(page, '#f-nieuwe-zaak-caseId');
    await page.keyboard.press('Control+A');
    await page.keyboard.type(caseId);
    await tabTo(page, '[name="data.provider"]');
    await page.keyboard.type(h.providerA);
    await tabTo(page, '[name="data.signal.category"]');
    await page.keyboard.press('ArrowDown');
    await tabTo(page, '[name="data.signal.description"]');
    await page.keyboard.type('Klachten over lange wachttijden bij de aanbieder');
    await tabTo(page, '[name="data.signal.receivedOn"]');
    await page.keyboard.type('02112026');
    await tabTo(page, 'button[type="submit"]:has-text("Zaak starten")');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/zaken/${caseId}?gestart=1`);
    expect(await text(page, 'h1')).toBe(`Zaak ${caseId}`);
    expect(await page.locator('.utrecht-data-list').first().innerText()).toContain('Onderzoek en wederhoor');

    // A step the procedure refuses now: choosing rung 1 before the hearing. 409, the condition named, focus on it.
    await tabTo(page, 'summary:has-text("Trede 1 of 2 gekozen: Trede 1")');
    await page.keyboard.press('Enter');
    await tabTo(page, '#f-stap-rung-chosen-1-payload-reason');
    await page.keyboard.type(rungOne.reason);
    await tabTo(page, '#f-stap-rung-chosen-1-payload-arrangements');
    await page.keyboard.type(rungOne.arrangements);
    await tabTo(page, 'button:has-text("Vastleggen: Trede 1 of 2 gekozen: Trede 1")');
    const refused = page.waitForResponse((r) => r.url().endsWith('/stappen'));
    await page.keyboard.press('Enter');
    await page.locator('.jf-error-summary').waitFor();
    expect((await refused).status()).toBe(409);
    const summary = page.locator('.jf-error-summary');
    expect(await summary.innerText()).toContain('Deze stap is nu niet toegestaan');
    expect(await summary.innerText()).toContain('eerst moeten onderzoek en wederhoor van de aanbieder zijn vastgelegd');
    expect(await page.evaluate(`document.activeElement?.classList.contains('jf-error-summary')`)).toBe(true);
    await expectAccessible(page, 'the case page with a refusal');

    // A field error: the refusal's field (payload.findings) is marked at its input, in Dutch.
    await page.goto(`${base}/zaken/${caseId}`);
    await tabTo(page, 'summary:has-text("Wederhoor vastgelegd")');
    await page.keyboard.press('Enter');
    await tabTo(page, '#f-stap-hearing-recorded-payload-date');
    await page.keyboard.type('10112026');
    await tabTo(page, '#f-stap-hearing-recorded-payload-providerPosition');
    await page.keyboard.type(hearing.providerPosition);
    await tabTo(page, '#f-stap-hearing-recorded-payload-findings');
    await page.keyboard.type('kort');
    await tabTo(page, 'button:has-text("Vastleggen: Wederhoor vastgelegd")');
    await page.keyboard.press('Enter');
    await page.locator('#f-stap-hearing-recorded-payload-findings-fout').waitFor();
    expect(await page.locator('#f-stap-hearing-recorded-payload-findings').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#f-stap-hearing-recorded-payload-findings-fout').first().innerText()).toContain('minimaal 10 tekens');
    expect(await summary.innerText()).toContain('Bevindingen van het onderzoek: minimaal 10 tekens');
    await expectAccessible(page, 'the case page with a field error');

    await page.locator('#f-stap-hearing-recorded-payload-findings').focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type(hearing.findings);
    await tabTo(page, 'button:has-text("Vastleggen: Wederhoor vastgelegd")');
    await page.keyboard.press('Enter');
    await page.waitForURL(/vastgelegd=hearing.recorded/);

    await tabTo(page, 'summary:has-text("Trede 1 of 2 gekozen: Trede 1")');
    await page.keyboard.press('Enter');
    await tabTo(page, '#f-stap-rung-chosen-1-payload-reason');
    await page.keyboard.type(rungOne.reason);
    await tabTo(page, '#f-stap-rung-chosen-1-payload-arrangements');
    await page.keyboard.type(rungOne.arrangements);
    await tabTo(page, 'button:has-text("Vastleggen: Trede 1 of 2 gekozen: Trede 1")');
    await page.keyboard.press('Enter');
    await page.waitForURL(/vastgelegd=rung.chosen/);
    expect(await page.locator('#resultaat').first().innerText()).toContain('Wacht op reactie aanbieder');

    // The deadline with its explanation, the diagram with the current state and the path taken, the dossier.
    expect(await page.locator('section[aria-labelledby="termijnen-kop"]').first().innerText()).toContain('15 werkdagen na');
    expect(await page.locator('.jf-diagram__state--current').last().textContent()).toContain('Wacht op reactie aanbieder');
    expect(await page.locator('.jf-diagram__arc--taken').count()).toBeGreaterThan(0);
    expect(await page.locator('.jf-path').first().innerText()).toContain('Onderzoek en wederhoor');
    expect(await page.locator('.jf-dossier').first().innerText()).toContain('Wederhoor vastgelegd');
    expect(await page.locator('.jf-dossier').first().innerText()).toContain('anna (Contractmanager)');
    expect(await page.locator('.jf-dossier').first().innerText()).toContain(hearing.findings);

    // Nothing but the contract manager's own role acts: the provider's step is not offered to her.
    expect(await page.locator('summary:has-text("Reactie aanbieder ingediend")').count()).toBe(0);
    expect(cspViolations(messages)).toEqual([]);
    await context.close();
  });

  it("a provider user of another provider gets the page of a case that does not exist (404): no hint that it exists", async () => {
    const { context, page } = await open();
    const caseId = `SC-${token(6).toUpperCase()}`;
    await seedLadderCase(h, { caseId, provider: h.providerA, startedAt: daysAgo(1) });
    await logIn(page, 'frank');
    const res = await page.goto(`${base}/zaken/${caseId}`);
    expect(res?.status()).toBe(404);
    expect(await text(page, 'h1')).toBe('Deze zaak bestaat niet');
    await expectAccessible(page, 'the 404 page');
    await context.close();
  });

  it('the supervisor board lists a stopped clock as stopped (never "Loopt" or overdue), the supervisor resumes it from the row, and extends the term after seeing the resulting due date', async () => {
    const caseId = `OV-${token(6).toUpperCase()}`;
    await seedLadderCase(h, {
      caseId,
      provider: h.providerA,
      startedAt: daysAgo(46),
      steps: [
        { type: 'hearing.recorded', role: 'contractmanager', userId: 'anna', payload: hearing, at: daysAgo(45) },
        { type: 'rung.chosen', role: 'contractmanager', userId: 'anna', payload: rungOne, at: daysAgo(44) },
      ],
      tweak: (rt) => {
        rt.suspended = { since: daysAgo(40), by: { role: 'supervisor', userId: 'sanne' }, reason: 'Onderzoek IGJ loopt' };
      },
    });
    const { context, page, messages } = await open();
    await logIn(page, 'sanne');
    const row = page.locator('tr', { has: page.locator(`a:has-text("${caseId}")`) });
    await eventually(async () => {
      await page.goto(`${base}/toezicht?klok=stil`);
      expect(await row.count()).toBe(1);
      // The due date passed 40 days after the clock stopped: still not overdue, the clock stands still.
      expect(await row.innerText()).toContain(`Klok staat stil sinds`);
      expect(await row.innerText()).not.toContain('Termijn verstreken');
    }, 30_000);
    expect(await page.locator('.utrecht-alert--ok').first().innerText()).toContain('verwerking van zaken draait');
    await expectAccessible(page, 'the supervisor board (stopped clocks)');

    // The fix straight from the row: its form is open on the case page.
    await row.locator('a:has-text("Wettelijke klok hervatten")').click();
    expect(await page.locator('.utrecht-alert--warning').first().innerText()).toContain('De wettelijke klok staat stil');
    expect(await page.locator('[data-testid="termijn-status"]').first().innerText()).toContain('Klok staat stil sinds');
    expect(await page.locator('#toezicht-clock-resumed').getAttribute('open')).not.toBeNull();
    await page.selectOption('#f-toezicht-clock-resumed-fix-ground', 'grond-vervallen');
    await page.fill('#f-toezicht-clock-resumed-fix-reason', 'Onderzoek IGJ afgerond');
    await page.click('button:has-text("Wettelijke klok hervatten")');
    await page.waitForURL(/toezicht=clock.resumed/);
    expect(await page.locator('#resultaat').first().innerText()).toContain('Herstelactie uitgevoerd: Wettelijke klok hervatten');
    expect(await page.locator('.utrecht-alert--warning').count()).toBe(0);
    expect(await page.locator('.jf-dossier').first().innerText()).toContain('Onderzoek IGJ afgerond');
    await expectAccessible(page, 'the case page of a supervisor');

    // Extending: first the resulting due date (working-day calendar), then the confirmation.
    const before = await text(page, 'section[aria-labelledby="termijnen-kop"] tbody');
    // (expectAccessible opened every disclosure: make sure this one is open rather than toggle it.)
    await page.evaluate(`document.querySelector('#toezicht-deadline-extended').setAttribute('open', '')`);
    const form = page.locator('#toezicht-deadline-extended');
    await form.locator('[name="fix.deadline"]').selectOption('responseTerm');
    await form.locator('[name="fix.workingDays"]').fill('5');
    await form.locator('[name="fix.ground"]').selectOption('overmacht');
    await form.locator('[name="fix.reason"]').fill('Aanbieder vroeg uitstel wegens overmacht');
    await form.locator('button:has-text("Bekijk de nieuwe einddatum")').click();
    await page.locator('#verlenging-voorbeeld').waitFor();
    const preview = await text(page, '#verlenging-voorbeeld');
    const newDue = /na verlenging uiterlijk (\w+dag \d+ \w+ \d{4})/.exec(preview)?.[1];
    expect(newDue, preview).toBeDefined();
    // Nothing is extended yet.
    expect(before).not.toContain(newDue!);
    expect(await text(page, 'section[aria-labelledby="termijnen-kop"] tbody')).not.toContain(newDue!);
    await page.click('[data-testid="verlenging-bevestigen"]');
    await page.waitForURL(/toezicht=deadline.extended/);
    expect(await text(page, 'section[aria-labelledby="termijnen-kop"] tbody')).toContain(newDue!);
    // A running term: it reads "Loopt" now that the clock runs again.
    expect(await page.locator('[data-testid="termijn-status"]').first().innerText()).toBe('Loopt');
    // The supervisor sees the case's workflow in the Temporal Web UI.
    expect(await page.locator('[data-testid="temporal-link"]').getAttribute('href')).toMatch(new RegExp(`/namespaces/default/workflows/case-${caseId}$`));
    expect(cspViolations(messages)).toEqual([]);
    await context.close();
  });

  it('every page has 0 axe violations (WCAG 2.1 A and AA, best practices)', async () => {
    const caseId = `AX-${token(6).toUpperCase()}`;
    // A mail as jeugdflow sends it (inline styles), caught by the local catcher, and recorded on the case.
    const messageId = `<${caseId}.${token(8)}@jeugdflow.test>`;
    const sender = createSmtpSender({ url: catcher.url });
    const delivery = await sender.send({
      messageId,
      from: 'Jeugdzorg Regio <noreply@jeugdflow.test>',
      to: { name: 'Anna de Vries', address: 'anna@regio.example' },
      subject: `Herinnering: Reactietermijn aanbieder verloopt over 5 werkdagen – zaak ${caseId}`,
      text: `Beste contractmanager,\n\nDe reactietermijn verloopt over 5 werkdagen.\n\nBekijk zaak ${caseId} in jeugdflow: ${base}/zaken/${caseId}`,
      html: `<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Herinnering</title><style>p { margin: 0 0 12px }</style></head><body style="font-family:Arial,sans-serif;color:#1a1a1a"><p style="font-weight:bold">De reactietermijn verloopt over 5 werkdagen.</p><p><a href="${base}/zaken/${caseId}" style="color:#0b57d0">Bekijk zaak ${caseId} in jeugdflow</a></p></body></html>`,
      date: new Date(daysAgo(1)),
      headers: { 'X-Jeugdflow-Case': caseId },
    });
    sender.close();
    const mailId = (await listCaughtMail(mailData)).find((m) => m.messageId === messageId)!.id;
    const record: MailRecordDetails = {
      status: 'partial',
      effect: 'deadline.reminder',
      template: 'deadline.reminder:before',
      subject: `Herinnering: Reactietermijn aanbieder verloopt over 5 werkdagen – zaak ${caseId}`,
      messages: [{ messageId, to: 'anna@regio.example', roles: ['contractmanager'], via: 'user', userId: 'anna', status: 'sent', at: daysAgo(1), response: delivery.response }],
      missing: [{ role: 'contractbeheer', reason: 'no-user', explanation: 'Geen gebruiker met rol contractbeheer in het adresboek' }],
    };
    await seedLadderCase(h, {
      caseId,
      provider: h.providerA,
      startedAt: daysAgo(3),
      steps: [{ type: 'hearing.recorded', role: 'contractmanager', userId: 'anna', payload: hearing, at: daysAgo(2) }],
      tweak: (rt) => void recordMessage(rt, daysAgo(1), 'E-mail verstuurd: herinnering (aan 1 ontvanger)', record),
    });
    const { context, page, messages } = await open();
    await page.goto(`${base}/inloggen`);
    await expectAccessible(page, 'log-in');
    await page.fill('#f-inloggen-username', 'anna');
    await page.fill('#f-inloggen-password', 'wrong-password');
    await page.click('button:has-text("Inloggen")');
    expect(await page.locator('.jf-error-summary').first().innerText()).toContain('Onbekende gebruiker of onjuist wachtwoord');
    await expectAccessible(page, 'log-in refused');
    await logIn(page, 'anna');
    const pages = ['/mijn-werk', '/zaken', `/zaken?provider=${h.providerA}&overdue=true`, '/zaken?dueBefore=nonsense', '/zaken/nieuw', '/zaken/nieuw/escalation-ladder', '/zaken/nieuw/care-termination', `/zaken/${caseId}`, `/zaken/${caseId}/dossier`, '/toezicht', '/post', `/post/${mailId}`, '/geen-pagina'];
    for (const path of pages) {
      await page.goto(`${base}${path}`);
      await expectAccessible(page, path);
    }
    // The case page: its sent message, linked to the caught mail; that mail's HTML in its sandboxed frame.
    await page.goto(`${base}/zaken/${caseId}`);
    // The delivery log is folded away: open it to reach the Message-ID and the caught mail.
    await page.click('section[aria-labelledby="berichten-kop"] summary:has-text("Afleververslag")');
    expect(await text(page, 'section[aria-labelledby="berichten-kop"] tbody')).toContain('anna@regio.example');
    await page.click('section[aria-labelledby="berichten-kop"] a:has-text("Bekijk in Post")');
    await page.waitForURL(`${base}/post/${mailId}`);
    expect(await text(page, 'h1')).toBe(`Herinnering: Reactietermijn aanbieder verloopt over 5 werkdagen – zaak ${caseId}`);
    expect(await page.frameLocator('iframe.jf-mail-frame').locator('p').first().innerText()).toBe('De reactietermijn verloopt over 5 werkdagen.');
    await page.goto(`${base}/zaken/nieuw/escalation-ladder`);
    await page.click('button:has-text("Zaak starten")');
    await page.locator('.jf-error-summary').waitFor({ state: 'visible' });
    await expectAccessible(page, 'new case with errors');
    expect(cspViolations(messages)).toEqual([]);

    // A provider's user: the start form with the youth's personal data, and the provider's own lists.
    const provider = await open();
    await logIn(provider.page, 'eva');
    for (const path of ['/zaken/nieuw/care-termination', '/zaken', `/zaken/${caseId}`]) {
      await provider.page.goto(`${base}${path}`);
      await expectAccessible(provider.page, `${path} as a provider`);
    }
    await provider.context.close();

    // The dossier as PDF (Chromium prints the printable dossier page).
    const pdf = await context.request.get(`${base}/zaken/${caseId}/dossier.pdf`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await context.close();
  });

  it('the layout fits 1280 px without horizontal overflow and works at 390 px (phone): scrollWidth ≤ clientWidth on every main page', async () => {
    const caseId = `LY-${token(6).toUpperCase()}`;
    await seedLadderCase(h, {
      caseId,
      provider: h.providerA,
      startedAt: daysAgo(3),
      steps: [
        { type: 'hearing.recorded', role: 'contractmanager', userId: 'anna', payload: hearing, at: daysAgo(2) },
        { type: 'rung.chosen', role: 'contractmanager', userId: 'anna', payload: rungOne, at: daysAgo(1) },
      ],
    });
    const pagesOf: Record<string, string[]> = {
      anna: ['/mijn-werk', '/zaken', '/zaken/nieuw', '/zaken/nieuw/escalation-ladder', `/zaken/${caseId}`, `/zaken/${caseId}/dossier`],
      sanne: ['/toezicht', '/toezicht?klok=stil', '/toezicht/auditlog', `/zaken/${caseId}`],
    };
    const overflowing: string[] = [];
    for (const width of [1280, 390]) {
      for (const [user, paths] of Object.entries(pagesOf)) {
        const context = await browser.newContext({ locale: 'nl-NL', timezoneId: 'Europe/Amsterdam', viewport: { width, height: 900 } });
        const page = await context.newPage();
        page.setDefaultTimeout(15_000);
        await page.goto(`${base}/inloggen`);
        const login = (await page.evaluate(WIDTHS)) as number[];
        if (login[0]! > login[1]!) overflowing.push(`${width}px /inloggen: ${login[0]} > ${login[1]}`);
        await logIn(page, user);
        for (const path of paths) {
          await page.goto(`${base}${path}`);
          // With every disclosure open, as a user who unfolds the forms and the delivery log sees it.
          await page.evaluate(`document.querySelectorAll('details').forEach((d) => d.setAttribute('open', ''))`);
          const [scroll, client] = (await page.evaluate(WIDTHS)) as number[];
          if (scroll! > client!) overflowing.push(`${width}px ${path} (${user}): ${scroll} > ${client}`);
        }
        await context.close();
      }
    }
    expect(overflowing).toEqual([]);
  });
});
