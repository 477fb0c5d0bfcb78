// Stoplicht: the KPI stoplight (002 §3.1.2) per provider over time, as a picture. One server-rendered SVG per
// provider: the quarters across, the four KPIs down, each cell a coloured shape AND a letter AND the value, so
// it is never colour alone (circle G = groen, triangle O = oranje, square R = rood). Named by its <title>,
// described in words by its <desc>, with the same data as a table beside it (the style of overview.ts).
import { BAND_LABELS, KPIS, KPI_LABELS, type Band, type Kpi, type KpiStoplightContext, type QuarterRecord } from '../../machines/kpiStoplightMachine.ts';
import { escapeHtml, html, raw, type SafeHtml } from '../html.ts';
import { heading1, link, page, table, type PageContext } from '../layout.ts';

/** One provider's stoplight: its case and its quarters (oldest first). */
export interface StoplightEntry {
  provider: string;
  caseId: string;
  stateLabel: string;
  quarters: readonly QuarterRecord[];
}

/** The newest quarters drawn; the table lists them all. */
export const MAX_DRAWN_QUARTERS = 8;

const COLOURS: Record<Band, string> = { groen: '#39870c', oranje: '#e17000', rood: '#d52b1e' };
const LETTERS: Record<Band, string> = { groen: 'G', oranje: 'O', rood: 'R' };
const SHAPES: Record<Band, string> = { groen: 'cirkel', oranje: 'driehoek', rood: 'vierkant' };

const dutchNumber = (n: number) => String(n).replace('.', ',');

/** The value of a KPI in a quarter, as shown (Dutch decimal comma), or undefined (SROI without an obligation). */
export function kpiValue(q: QuarterRecord, kpi: Kpi): string | undefined {
  switch (kpi) {
    case 'clientSatisfaction':
      return dutchNumber(q.clientSatisfaction);
    case 'ceo':
      return dutchNumber(q.ceo);
    case 'waitingTime':
      return `${dutchNumber(q.waitingWithinTenWorkingDaysPercent)}%`;
    case 'sroi':
      return q.sroi ? `${dutchNumber(q.sroi.realisedPercent)}% (norm ${dutchNumber(q.sroi.targetPercent)}%)` : undefined;
  }
}

const cellWords = (q: QuarterRecord, kpi: Kpi) => {
  const band = q.bands[kpi];
  return band ? `${kpiValue(q, kpi)}, ${BAND_LABELS[band].toLowerCase()}` : 'niet van toepassing';
};

function shape(band: Band, cx: number, cy: number): string {
  const fill = COLOURS[band];
  if (band === 'groen') return `<circle cx="${cx}" cy="${cy}" r="11" fill="${fill}"></circle>`;
  if (band === 'oranje') return `<polygon points="${cx},${cy - 12} ${cx + 12},${cy + 10} ${cx - 12},${cy + 10}" fill="${fill}"></polygon>`;
  return `<rect x="${cx - 10}" y="${cy - 10}" width="20" height="20" fill="${fill}"></rect>`;
}

/** The stoplight of one provider as an accessible SVG. */
export function stoplightChart(id: string, entry: StoplightEntry): SafeHtml {
  const quarters = entry.quarters.slice(-MAX_DRAWN_QUARTERS);
  const left = 230;
  const col = 90;
  const row = 40;
  const top = 30;
  const width = left + Math.max(1, quarters.length) * col + 10;
  const height = top + KPIS.length * row + 40;
  const title = `KPI-stoplicht van aanbieder ${entry.provider} per kwartaal`;
  const words = quarters.length
    ? quarters.map((q) => `${q.quarter}: ${KPIS.map((k) => `${KPI_LABELS[k]} ${cellWords(q, k)}`).join('; ')}`).join('. ')
    : 'nog geen kwartalen vastgelegd';
  let body = quarters
    .map((q, i) => `<text x="${left + i * col + col / 2}" y="${top - 10}" text-anchor="middle" font-size="12" font-weight="bold" fill="#000">${escapeHtml(q.quarter)}</text>`)
    .join('');
  KPIS.forEach((kpi, r) => {
    const y = top + r * row + row / 2;
    body += `<text x="${left - 10}" y="${y + 4}" text-anchor="end" font-size="12" fill="#000">${escapeHtml(KPI_LABELS[kpi])}</text>`;
    quarters.forEach((q, i) => {
      const cx = left + i * col + 18;
      const band = q.bands[kpi];
      if (!band) {
        body += `<text x="${cx}" y="${y + 4}" font-size="11" fill="#555">n.v.t.</text>`;
        return;
      }
      const value = kpi === 'sroi' ? `${dutchNumber(q.sroi!.realisedPercent)}%` : (kpiValue(q, kpi) ?? '');
      body += `<g>${shape(band, cx, y)}<text x="${cx}" y="${y + 4}" text-anchor="middle" font-size="11" font-weight="bold" fill="#fff">${LETTERS[band]}</text><text x="${cx + 16}" y="${y + 4}" font-size="11" fill="#000">${escapeHtml(value)}</text></g>`;
    });
  });
  // Legend: shape, letter and word for each band.
  const ly = top + KPIS.length * row + 20;
  (['groen', 'oranje', 'rood'] as const).forEach((band, i) => {
    const x = 20 + i * 200;
    body += `<g>${shape(band, x, ly)}<text x="${x}" y="${ly + 4}" text-anchor="middle" font-size="11" font-weight="bold" fill="#fff">${LETTERS[band]}</text><text x="${x + 18}" y="${ly + 4}" font-size="12" fill="#000">${escapeHtml(`${BAND_LABELS[band]} (${SHAPES[band]})`)}</text></g>`;
  });
  return html`<svg class="jf-chart jf-stoplight" role="img" aria-labelledby="${id}-title ${id}-desc" viewBox="0 0 ${width} ${height}" width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg"><title id="${id}-title">${title}</title><desc id="${id}-desc">${`${title}. ${words}.`}</desc>${raw(body)}</svg>`;
}

/** The same data as a table: a row per quarter, a column per KPI, each cell the value and its band in words. */
export function stoplightTable(entry: StoplightEntry): SafeHtml {
  return table(
    `KPI-stoplicht van aanbieder ${entry.provider}`,
    ['Kwartaal', ...KPIS.map((k) => KPI_LABELS[k])],
    entry.quarters.map((q) => [q.quarter, ...KPIS.map((k) => cellWords(q, k))]),
    { captionHidden: true },
  );
}

/** The quarters of a kpi-stoplight case's context (defensive: the context is the machine's, read as data). */
export function quartersOf(context: unknown): QuarterRecord[] {
  const quarters = (context as Partial<KpiStoplightContext> | undefined)?.quarters;
  return Array.isArray(quarters) ? quarters : [];
}

export function stoplightPage(ctx: PageContext, entries: readonly StoplightEntry[]): string {
  return page(
    { ...ctx, nav: 'overzicht' },
    'KPI-stoplicht',
    html`${heading1('KPI-stoplicht')}
<p class="utrecht-paragraph">Per aanbieder de vier KPI’s per kwartaal, met de normen van 002 §3.1.2: cliënttevredenheid en CEO rood bij 5,5 of lager, oranje van 5,6 tot en met 6,9, groen vanaf 7; wachttijden binnen 10 werkdagen rood onder 80%, oranje van 80% tot 90%, groen vanaf 90%; SROI rood onder de norm, groen op of boven de norm. Elke kleur heeft ook een vorm en een letter; elke grafiek staat ook als tabel ernaast.</p>
${
  entries.length
    ? html`<div class="jf-dashboard">${entries.map((e, i) => {
        const id = `stoplicht-${i + 1}`;
        return html`<section class="jf-dashboard__item" aria-labelledby="${id}-h">
<h2 class="utrecht-heading-2" id="${id}-h">Aanbieder ${e.provider}</h2>
<p class="utrecht-paragraph">${link(`/zaken/${encodeURIComponent(e.caseId)}`, `Zaak ${e.caseId}`)}: ${e.stateLabel}.</p>
<div class="jf-dashboard__figure"><div class="jf-dashboard__chart">${stoplightChart(id, e)}</div><div class="jf-dashboard__data">${e.quarters.length ? stoplightTable(e) : html`<p class="utrecht-paragraph">Nog geen kwartalen vastgelegd.</p>`}</div></div>
</section>`;
      })}</div>`
    : html`<p class="utrecht-paragraph">Er lopen geen zaken KPI-stoplicht. Start er een per aanbieder onder ${link('/zaken/nieuw/kpi-stoplight', 'Nieuwe zaak')}.</p>`
}`,
  );
}
