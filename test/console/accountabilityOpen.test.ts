// "Verantwoording openen voor alle aanbieders" in the console (002 §3.2.2 Verantwoording): one form opens the
// year's accountability for every contracted provider in the billing data; posting it again opens nothing new.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, startHarness, type Agent, type Harness } from '../api/harness.ts';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

const postForm = (agent: Agent, form: Record<string, string>) =>
  agent.request({
    method: 'POST',
    url: '/verantwoording-openen',
    payload: new URLSearchParams({ ...form, _csrf: agent.csrf }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });

describe('console: Verantwoording openen voor alle aanbieders', () => {
  it('002 §3.2.2: one console action opens the year for every contracted provider, idempotently; only the contract manager or supervisor may', async () => {
    const billing = ['provider,name,year,revenue_eur,clients', `${h.providerA},Zorg A,2026,512345.67,40`, `${h.providerB},Zorg B,2026,99000.00,5`].join('\n');
    const anna = await login(h.app, 'anna');
    const form = await anna.get('/verantwoording-openen');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Verantwoording openen voor alle aanbieders');

    const first = await postForm(anna, { year: '2026', billing });
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('2 geopend, 0 bestond al, 0 geweigerd.');
    expect(first.body).toContain(`href="/zaken/VJ-2026-${h.providerA}"`);

    const again = await postForm(anna, { year: '2026', billing });
    expect(again.body).toContain('0 geopend, 2 bestond al, 0 geweigerd.');

    const bad = await postForm(anna, { year: '26', billing });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Contractjaar: vul een jaartal in vanaf 2018');

    const eva = await login(h.app, 'eva');
    expect((await eva.get('/verantwoording-openen')).statusCode).toBe(403);
    const carla = await login(h.app, 'carla');
    expect((await postForm(carla, { year: '2026', billing })).statusCode).toBe(403);
  });
});
