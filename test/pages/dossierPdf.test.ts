// The dossier as PDF: A4, the case number and "Pagina n van m" on every page, led by the summary.
// Rendered by Debian's Chromium from the same dossier page and stylesheets the console serves.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { User } from '../../api/users.ts';
import { dossierPage } from '../../console/pages/case.ts';
import { htmlToPdf } from '../../console/pdf.ts';
import { findProcedure } from '../../machines/index.ts';
import { describeProcedure } from '../../operations/procedures.ts';
import { startCase, stepEvent, viewCase, type CaseRuntime } from '../../workflows/engine.ts';
import { readPdf } from '../support/pdfText.ts';

const CHROMIUM = '/usr/bin/chromium';
const require = createRequire(import.meta.url);
const styles = new Map([
  ['/assets/design-tokens.css', readFileSync(require.resolve('@utrecht/design-tokens/dist/index.css'), 'utf8')],
  ['/assets/utrecht.css', readFileSync(require.resolve('@utrecht/component-library-css/dist/index.css'), 'utf8')],
  ['/assets/console.css', readFileSync(fileURLToPath(new URL('../../console/assets/console.css', import.meta.url)), 'utf8')],
]);

const def = findProcedure('escalation-ladder')!;
const cm = { role: 'contractmanager' as const, userId: 'anna' };
const T0 = '2026-04-02T08:00:00.000Z';

/** A ladder case with a long history (the hearing may be recorded again), so the dossier spans pages. */
function longCase(): CaseRuntime {
  let rt = startCase(def, { caseId: 'ZK-2026-042', procedureId: def.id, startedBy: cm, data: { provider: 'zorg-oost', signal: { category: 'tijdigheid', description: 'Wachttijden boven de norm', receivedOn: '2026-04-02' } } }, T0).rt;
  for (let i = 0; i < 25; i++) {
    rt = stepEvent(rt, { type: 'hearing.recorded', actor: cm, payload: { date: '2026-04-02', providerPosition: `Standpunt van de aanbieder, gesprek ${i + 1}`, findings: 'Dossieronderzoek bevestigt het signaal opnieuw' } }, T0).rt;
  }
  return stepEvent(rt, { type: 'rung.chosen', actor: cm, payload: { rung: 1, reason: 'Onderbouwing met voldoende tekst', arrangements: 'Tweewekelijks gesprek' } }, T0).rt;
}

describe('the dossier as PDF', () => {
  it('is A4, with the case number and "Pagina n van m" on every page, and starts with the summary', async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`The PDF test needs Debian's Chromium at ${CHROMIUM}: apt-get install -y chromium`);
    const view = viewCase(longCase(), { nowMs: Date.parse(T0) });
    const user = { id: 'anna', name: 'Anna de Vries', roles: ['contractmanager'] } as User;
    const page = dossierPage({ user }, { view, def, desc: describeProcedure(def) });
    const pdf = readPdf(await htmlToPdf(CHROMIUM, page, styles, { runningHeader: `Dossier zaak ${view.caseId}` }));

    const pages = pdf.pageSizes.length;
    expect(pages).toBeGreaterThan(1);
    for (const size of pdf.pageSizes) {
      // A4: 210 × 297 mm = 595.3 × 841.9 pt.
      expect(Math.abs(size.width - 595.3)).toBeLessThan(1.5);
      expect(Math.abs(size.height - 841.9)).toBeLessThan(1.5);
    }
    expect(pdf.texts).toHaveLength(pages);
    pdf.texts.forEach((text, i) => {
      expect(text, `page ${i + 1}`).toContain('Dossier zaak ZK-2026-042');
      expect(text, `page ${i + 1}`).toContain(`Pagina ${i + 1} van ${pages}`);
    });
    // The first page leads with the summary: procedure, step, who must act; then the deadline with its
    // explanation and the decisions, before the full history.
    const first = pdf.texts[0]!;
    for (const words of ['Samenvatting', 'Escalatieladder (versie 1)', 'Wacht op reactie aanbieder', 'Wacht opAanbieder']) expect(first).toContain(words);
    // (A line wrapped in a table cell has no space glyph: compare without spaces.)
    const all = pdf.texts.join('').replace(/\s+/g, '');
    const order = ['Samenvatting', 'Reactietermijn aanbieder', '15 werkdagen na donderdag 2 april 2026', 'Besluiten', 'Verloop'].map((w) => all.indexOf(w.replace(/\s+/g, '')));
    expect(order.every((i) => i >= 0), String(order)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });
});
