// The case page, the dossier, the board and `jeugdflow show` as people read them, rendered from a real
// ladder case stepped with the pure engine (no Temporal): a stopped clock, an ended case, the summary
// first, the delivery log folded away, the extension preview and the fixes from the board row.
import { describe, expect, it } from 'vitest';
import { buildBoard } from '../../api/board.ts';
import type { User } from '../../api/users.ts';
import { formatCase } from '../../cli/format.ts';
import { casePage, dossierPage } from '../../console/pages/case.ts';
import { boardPage } from '../../console/pages/board.ts';
import { caseRows } from '../../console/pages/work.ts';
import { previewExtension, temporalWorkflowUrl } from '../../console/supervisor.ts';
import { findProcedure } from '../../machines/index.ts';
import { describeProcedure } from '../../operations/procedures.ts';
import { indexedFromView } from '../../operations/caseIndex.ts';
import { isOverdueAt, toSummary } from '../../operations/summary.ts';
import { recordMessage, startCase, stepEvent, stepSupervisorAction, viewCase, type CaseRuntime, type CaseView } from '../../workflows/engine.ts';

const def = findProcedure('escalation-ladder')!;
const desc = describeProcedure(def);
const cm = { role: 'contractmanager' as const, userId: 'anna' };
const supervisor = { role: 'supervisor' as const, userId: 'sanne' };
// Monday 6 April 2026 (Tweede Paasdag) is skipped; the case starts Thursday 2 April 2026, 10:00 Amsterdam.
const T0 = '2026-04-02T08:00:00.000Z';

const users: Record<string, User> = {
  sanne: { id: 'sanne', name: 'Sanne Kok', roles: ['supervisor'] } as User,
  anna: { id: 'anna', name: 'Anna de Vries', roles: ['contractmanager'] } as User,
  eva: { id: 'eva', name: 'Eva Smit', roles: ['aanbieder'], provider: 'zorg-oost' } as User,
};
const ctx = (user: keyof typeof users) => ({ user: users[user]!, csrfToken: 'csrf' });

function onRung1(): CaseRuntime {
  let rt = startCase(def, { caseId: 'ZK-2026-001', procedureId: def.id, startedBy: cm, data: { provider: 'zorg-oost', signal: { category: 'tijdigheid', description: 'Wachttijden boven de norm', receivedOn: '2026-04-02' } } }, T0).rt;
  const step = (type: string, payload: unknown) => {
    rt = stepEvent(rt, { type, actor: cm, payload }, T0).rt;
  };
  step('hearing.recorded', { date: '2026-04-02', providerPosition: 'Erkent de achterstand', findings: 'Dossieronderzoek bevestigt het signaal' });
  step('rung.chosen', { rung: 1, reason: 'Onderbouwing met voldoende tekst', arrangements: 'Tweewekelijks gesprek' });
  return rt;
}

function fix(rt: CaseRuntime, f: Record<string, unknown>, at: string): CaseRuntime {
  return stepSupervisorAction(rt, { actor: supervisor, fix: f }, at).rt;
}

const stop = { action: 'clock.suspended', ground: 'bezwaar-loopt', reason: 'Bezwaar van de aanbieder loopt' };
const text = (htmlText: string) => htmlText.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
const page = (view: CaseView, user: keyof typeof users = 'anna', extra = {}) => casePage(ctx(user), { view, def, desc, requestId: () => 'req-1', ...extra });

describe('a stopped clock shows everywhere the deadline shows', () => {
  it('never a green "Loopt" under "Termijnen lopen niet door": case page, dossier, lists, board and CLI show say the clock stands still, also after the due date passed', () => {
    const rt = fix(onRung1(), stop, '2026-04-03T08:00:00.000Z');
    const due = rt.deadlines[0]!.dueAt;
    const later = Date.parse(due) + 3 * 86_400_000; // the due date has passed while the clock stood still
    const view = viewCase(rt, { nowMs: later });

    const casePageText = text(page(view));
    expect(casePageText).toContain('Termijnen lopen niet door');
    expect(casePageText).toContain('Klok staat stil sinds vrijdag 3 april 2026');
    expect(page(view)).not.toMatch(/termijn-status">Loopt/);
    expect(page(view)).not.toContain('utrecht-status-badge--danger');
    const dossier = text(dossierPage(ctx('anna'), { view, def, desc }));
    expect(dossier).toContain('Klok staat stil sinds');
    // The fix in the dossier reads by its Dutch label, never as "Action clock.suspended".
    expect(dossier).toContain('Wettelijke klok opgeschort (grond: Bezwaar loopt)');
    expect(dossier).not.toContain('clock.suspended');

    // Lists (Mijn werk, Zaken) and the board: from the read model's summary, with JfClockStopped.
    const indexed = indexedFromView(view);
    expect(indexed.clockStoppedSince).toBe('2026-04-03T08:00:00.000Z');
    expect(isOverdueAt(indexed, later)).toBe(false);
    const summary = { ...toSummary(indexed), overdue: isOverdueAt(indexed, later), stateLabel: view.stateLabel };
    expect(text(String(caseRows([summary])[0]![5]))).toContain('Klok staat stil sinds vrijdag 3 april 2026');

    const board = buildBoard({ stuck: [], running: [summary], status: { server: { reachable: true }, worker: { polling: true, pollers: [] }, taskQueue: 'q' }, nowMs: later });
    expect(board.stoppedClocks.map((c) => c.caseId)).toEqual(['ZK-2026-001']);
    const filtered = text(boardPage(ctx('sanne'), board, 1, 'klok-stil'));
    expect(filtered).toContain('Zaken waarvan de klok stilstaat (1)');
    expect(filtered).toContain('ZK-2026-001');
    expect(filtered).toContain('Klok staat stil sinds vrijdag 3 april 2026');

    // `jeugdflow show`: the deadline line says the clock stopped, not OVERDUE; skipped days are listed.
    const shown = formatCase(view);
    expect(shown).toMatch(/CLOCK STOPPED since 2026-04-03 responseTerm:/);
    expect(shown).not.toContain('OVERDUE');
    expect(shown).toContain('skipped: 2026-04-03 (Goede Vrijdag)');
  });
});

describe('an ended case reads as such', () => {
  it('a cancelled case reads "Geannuleerd op …" in its header, with the ground and reason, not as its last running step', () => {
    const rt = fix(onRung1(), { action: 'case.cancelled', ground: 'dubbele-zaak', reason: 'Dubbel aangemaakt voor deze aanbieder' }, '2026-04-07T10:00:00.000Z');
    const view = viewCase(rt, { nowMs: Date.parse('2026-04-08T10:00:00.000Z') });
    const html = text(page(view));
    expect(html).toContain('Geannuleerd op dinsdag 7 april 2026');
    expect(html).toContain('Dubbel aangemaakt voor deze aanbieder');
    expect(html).toContain('(laatste fase: Wacht op reactie aanbieder)');
    expect(html).not.toMatch(/Wacht op reactie aanbieder Loopt/);
    expect(text(dossierPage(ctx('anna'), { view, def, desc }))).toContain('Geannuleerd op dinsdag 7 april 2026');
  });
});

describe('the dossier leads with the summary', () => {
  it('the case page and the dossier start with procedure, step, who must act, deadlines with their explanation and the decisions; the delivery log is folded away and a provider sees only that a message went to them', () => {
    const rt = onRung1();
    recordMessage(rt, T0, 'E-mail verstuurd: trede gekozen', {
      status: 'sent',
      effect: 'notify',
      template: 'escalation.rungChosen',
      subject: 'Escalatieladder: trede gekozen – zaak ZK-2026-001',
      messages: [{ messageId: '<abc@jeugdflow.test>', to: 'contracten@zorg-oost.example', roles: ['aanbieder'], via: 'provider-contact', status: 'sent', at: T0, response: '250 OK: queued', responseCode: 250 }],
      missing: [],
    });
    const view = viewCase(rt, { nowMs: Date.parse(T0) });
    for (const rendered of [page(view), dossierPage(ctx('anna'), { view, def, desc })]) {
      const order = ['Samenvatting', 'Termijnen', 'Besluiten', 'Verloop'].map((h) => rendered.indexOf(`>${h}</h2>`));
      expect(order.every((i) => i > 0), `headings ${order}`).toBe(true);
      expect([...order].sort((a, b) => a - b)).toEqual(order);
      expect(rendered.indexOf('>Samenvatting</h2>')).toBeLessThan(rendered.indexOf('Verzonden berichten'));
      expect(text(rendered)).toContain('Reactietermijn aanbieder (trede 1)');
      expect(text(rendered)).toContain('Trede 1 of 2 gekozen');
      // The Message-ID sits inside a closed <details> (the delivery log), nowhere outside one.
      const outsideDetails = rendered.replace(/<details[\s\S]*?<\/details>/g, '');
      expect(rendered).toContain('&lt;abc@jeugdflow.test&gt;');
      expect(outsideDetails).not.toContain('abc@jeugdflow.test');
      expect(outsideDetails).not.toContain('250 OK');
    }
    const forProvider = page(view, 'eva');
    expect(text(forProvider)).toContain('Escalatieladder: trede gekozen – zaak ZK-2026-001 — verstuurd aan Aanbieder');
    expect(forProvider).not.toContain('abc@jeugdflow.test');
    expect(forProvider).not.toContain('250 OK');
  });
});

describe('supervisor fixes do what they say', () => {
  it('extending shows the resulting due date before confirming, counted in working days with the calendar', () => {
    const view = viewCase(onRung1(), { nowMs: Date.parse(T0) });
    const term = view.deadlines[0]!;
    // 5 working days after the due date; a weekend in between is not counted.
    const result = previewExtension(view, { action: 'deadline.extended', deadline: term.name, workingDays: 5 });
    expect(result).toMatchObject({ from: term.dueDate });
    const rendered = page(view, 'sanne', { preview: { values: { 'fix.action': 'deadline.extended', 'fix.deadline': term.name, 'fix.workingDays': '5' }, result } });
    expect(text(rendered)).toMatch(/na verlenging uiterlijk \w+dag \d+ \w+ 2026/);
    expect(rendered).toContain('name="bevestigd" value="ja"');
    expect(rendered).toMatch(/<details class="jf-action" id="toezicht-deadline-extended" open>/);
    // A shorter date is not offered for confirmation.
    const shorter = previewExtension(view, { action: 'deadline.extended', deadline: term.name, until: term.from });
    expect(shorter?.to).toBeUndefined();
    expect(shorter?.problem).toContain('nooit verkort');
    expect(page(view, 'sanne', { preview: { values: {}, result: shorter } })).not.toContain('name="bevestigd"');
  });

  it('"Herinnering opnieuw sturen" is offered only for an open term; fixes are reachable from the board row', () => {
    const rt = onRung1();
    const running = viewCase(rt, { nowMs: Date.parse(T0) });
    expect(page(running, 'sanne')).toContain('id="toezicht-reminder-resent"');
    const past = viewCase(rt, { nowMs: Date.parse(rt.deadlines[0]!.dueAt) + 1 });
    expect(page(past, 'sanne')).not.toContain('id="toezicht-reminder-resent"');

    const summary = { ...toSummary(indexedFromView(running)), stateLabel: running.stateLabel, reasons: [{ code: 'STATE_TOO_LONG' as const, message: 'Al lang geen overgang' }] };
    const board = buildBoard({ stuck: [summary], running: [], status: { server: { reachable: true }, worker: { polling: true, pollers: [] }, taskQueue: 'q' }, nowMs: Date.parse(T0) });
    const rendered = boardPage(ctx('sanne'), board);
    expect(rendered).toContain('href="/zaken/ZK-2026-001?herstel=deadline.extended#toezicht-deadline-extended"');
    expect(rendered).toContain('href="/zaken/ZK-2026-001?herstel=reminder.resent#toezicht-reminder-resent"');
    // Following it opens that form on the case page.
    expect(page(running, 'sanne', { openFix: 'reminder.resent' })).toMatch(/id="toezicht-reminder-resent" open>/);
  });

  it('each case links to its workflow in the Temporal Web UI, for supervisors only', () => {
    const view = viewCase(onRung1(), { nowMs: Date.parse(T0) });
    const url = temporalWorkflowUrl(undefined, 'default', view.caseId);
    expect(url).toBe('http://localhost:8233/namespaces/default/workflows/case-ZK-2026-001');
    expect(temporalWorkflowUrl('https://temporal.example.nl/', 'jeugd', view.caseId)).toBe('https://temporal.example.nl/namespaces/jeugd/workflows/case-ZK-2026-001');
    expect(page(view, 'sanne', { temporalUrl: url })).toContain(`href="${url}"`);
    expect(page(view, 'anna', { temporalUrl: url })).not.toContain('temporal-link');
  });
});
