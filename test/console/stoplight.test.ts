// The console's KPI stoplight (002 §3.1.2) as a picture, and the prefilled escalation-ladder start form that a
// case's suggestion opens. Pure rendering: no server, no Temporal.
import { describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import { stoplightChart, stoplightTable, type StoplightEntry } from '../../console/pages/stoplight.ts';
import { openSuggestion, prefillFromSuggestion } from '../../console/suggestion.ts';
import { bandsOf, kpiStoplightMachine, type KpiStoplightEvent, type QuarterRecord } from '../../machines/kpiStoplightMachine.ts';
import type { CaseView } from '../../workflows/engine.ts';

const measurement = (quarter: string, over: Partial<QuarterRecord> = {}) => {
  const m = { quarter, measuredOn: '2026-04-10', clientSatisfaction: 7.5, ceo: 7, waitingWithinTenWorkingDaysPercent: 92, sroi: { realisedPercent: 2, targetPercent: 2 }, ...over };
  return { ...m, bands: bandsOf(m), recordedAt: '2026-04-10T09:00:00.000Z' } as QuarterRecord;
};

const ENTRY: StoplightEntry = {
  provider: 'aanbieder-042',
  caseId: 'KPI-1',
  stateLabel: 'KPI’s worden per kwartaal gevolgd',
  quarters: [measurement('2026-Q1'), measurement('2026-Q2', { clientSatisfaction: 6.9, waitingWithinTenWorkingDaysPercent: 79.9 }), measurement('2026-Q3', { sroi: undefined })],
};

describe('the KPI stoplight in the console', () => {
  it('draws quarters × four KPIs as an SVG named by its title and described in words', () => {
    const svg = String(stoplightChart('s1', ENTRY));
    expect(svg).toMatch(/^<svg [^>]*role="img" aria-labelledby="s1-title s1-desc"/);
    expect(svg).toContain('<title id="s1-title">KPI-stoplicht van aanbieder aanbieder-042 per kwartaal</title>');
    for (const q of ['2026-Q1', '2026-Q2', '2026-Q3']) expect(svg).toContain(`>${q}</text>`);
    expect(svg).toMatch(/<desc id="s1-desc">[^<]*2026-Q2: Cliënttevredenheid 6,9, oranje \(twijfelachtig\);[^<]*Wachttijden ≤10 werkdagen 79,9%, rood \(onvoldoende\)/);
  });

  it('is not colour alone: every band has its own shape and letter, and the legend names them', () => {
    const svg = String(stoplightChart('s1', ENTRY));
    expect(svg).toContain('<circle'); // groen
    expect(svg).toContain('<polygon'); // oranje
    expect(svg).toContain('<rect'); // rood
    for (const letter of ['G', 'O', 'R']) expect(svg).toContain(`fill="#fff">${letter}</text>`);
    for (const word of ['Groen (goed) (cirkel)', 'Oranje (twijfelachtig) (driehoek)', 'Rood (onvoldoende) (vierkant)']) expect(svg).toContain(word);
    expect(svg).toContain('n.v.t.'); // SROI without an obligation in 2026-Q3
  });

  it('has the same data as a table: a row per quarter, the value and its band in words', () => {
    const table = String(stoplightTable(ENTRY));
    expect(table).toContain('79,9%, rood (onvoldoende)');
    expect(table).toContain('niet van toepassing');
    expect((table.match(/<tr class="utrecht-table__row">/g) ?? []).length).toBe(1 + 3);
  });

  it('a case with an open suggestion prefills the escalation-ladder start form; after linking it is no longer offered', () => {
    const input = { caseId: 'KPI-1', startedAt: '2026-04-15T09:00:00.000Z', startedBy: { role: 'contractmanager' as const, userId: 'anna' }, data: { provider: 'aanbieder-042', firstQuarter: '2026-Q1' } };
    const ev = (type: string, payload: Record<string, unknown>) => ({ type, payload, actor: { role: 'contractmanager', userId: 'anna' }, at: '2026-04-15T09:00:00.000Z' }) as KpiStoplightEvent;
    let s = initialTransition(kpiStoplightMachine, input)[0];
    for (const e of [
      ev('kpis.recorded', { quarter: '2026-Q1', measuredOn: '2026-04-10', clientSatisfaction: 5, ceo: 7, waitingWithinTenWorkingDaysPercent: 92 }),
      ev('improvementPlan.requested', { requestedOn: '2026-04-15', shortcomings: 'Cliënttevredenheid onvoldoende' }),
      ev('improvementPlan.submitted', { submittedOn: '2026-04-15', shortcomings: 'Lage tevredenheid', solutions: 'Vaste contactpersoon per gezin', terms: 'Binnen één kwartaal' }),
      ev('improvement.assessed', { assessedOn: '2026-04-15', sufficient: false, explanation: 'Tevredenheid opnieuw onvoldoende' }),
    ])
      s = transition(kpiStoplightMachine, s, e)[0];
    const view = { caseId: 'KPI-1', status: 'active', context: s.context } as unknown as CaseView;
    expect(openSuggestion(view)?.procedure).toBe('escalation-ladder');
    expect(prefillFromSuggestion(view, 'escalation-ladder')).toEqual({
      'data.provider': 'aanbieder-042',
      'data.signal.category': 'kwaliteit',
      'data.signal.description': expect.stringMatching(/^Signaal uit zaak KPI-1: /),
      'data.signal.receivedOn': '2026-04-15',
    });
    expect(prefillFromSuggestion(view, 'production-ceiling')).toBeUndefined();
    const linked = transition(kpiStoplightMachine, s, ev('escalation.linked', { escalationCase: 'EL-2026-9', startedOn: '2026-04-15' }))[0];
    expect(openSuggestion({ ...view, context: linked.context })).toBeUndefined();
  });
});
