// Toezicht → Contractmanagers (002 §2.3.2): the console refuses an assignment that breaks the integrity
// rules, naming the rule, writes nothing then, and shows the 3-month warning. In-process, no browser.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, startHarness, token, type Agent, type Harness } from '../api/harness.ts';
import { addDays, addYears } from '../../machines/rotation.ts';
import { amsterdamDateOf } from '../../calendar/index.ts';

let h: Harness;
let sanne: Agent;
beforeAll(async () => {
  h = await startHarness({ worker: false });
  sanne = await login(h.app, 'sanne');
});
afterAll(async () => {
  await h?.close();
});

const post = (agent: Agent, fields: Record<string, string>) =>
  agent.request({ method: 'POST', url: '/contractmanagers', payload: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });

describe('Contractmanagers page (002 §2.3.2)', () => {
  it('only a supervisor opens it', async () => {
    const anna = await login(h.app, 'anna');
    expect((await anna.get('/contractmanagers')).statusCode).toBe(403);
    const page = await sanne.get('/contractmanagers');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Koppel toewijzen of vervanger aanwijzen');
  });

  it('"koppels van 2 contractmanagers": one contract manager alone on a provider is refused with the rule, and nothing is recorded', async () => {
    const provider = `zr-${token()}`;
    const res = await post(sanne, { form: 'toewijzen', 'toewijzen.provider': provider, 'toewijzen.first': 'cm-alleen', 'toewijzen.from': '2026-01-05' });
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('Niet vastgelegd: dit breekt de integriteitsregels');
    expect(res.body).toContain('Het werken in koppels van 2 contractmanagers');
    expect((await h.app.jf.rotation.list()).assignments.some((a) => a.provider === provider)).toBe(false);
  });

  it('a pair whose 4 years end within 3 months is recorded with the warning', async () => {
    const provider = `zr-${token()}`;
    const today = amsterdamDateOf(Date.now());
    // Four years minus two months ago: the term ends in about two months.
    const from = addDays(addYears(today, -4), 60);
    const res = await post(sanne, { form: 'toewijzen', 'toewijzen.provider': provider, 'toewijzen.first': 'cm-een', 'toewijzen.second': 'cm-twee', 'toewijzen.from': from });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('De toewijzing is vastgelegd.');
    expect(res.body).toContain('Termijn van 4 jaar loopt binnen 3 maanden af');
    expect(res.body).toContain(`De termijn van 4 jaar van cm-een op aanbieder ${provider} eindigt op`);
  });

  it('a date that does not exist is refused on the field, in Dutch', async () => {
    const res = await post(sanne, { form: 'werkgever', 'werkgever.userId': 'cm-x', 'werkgever.provider': 'zorg-oost', 'werkgever.leftOn': '2026-02-30' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('geen bestaande datum');
  });
});
