// Overzicht: the dashboard. Four pictures, each server-rendered SVG (no chart library, no script), each
// with a text alternative (role="img", aria-labelledby its <title> and <desc>) and the data as a table
// beside it: open cases per procedure and step, overdue per week, terminations and refusals per provider
// and reason (what `jeugdflow signals` counts), deadlines in the coming weeks.
import type { Overview } from '../../api/service.ts';
import { findProcedure } from '../../machines/index.ts';
import { formatDay } from '../format.ts';
import { escapeHtml, html, raw, type SafeHtml } from '../html.ts';
import { heading1, link, page, table, type PageContext } from '../layout.ts';

/** Dutch labels of the monitoring signals (careTerminationMachine SIGNAL_OUTCOMES and REASON_CATEGORIES). */
const OUTCOME_LABELS: Record<string, string> = {
  'beeindiging-jeugdhulp': 'Beëindiging jeugdhulp',
  'weigering-jeugdhulp': 'Weigering jeugdhulp',
  'toestemming-geweigerd': 'Toestemming geweigerd',
  ingetrokken: 'Verzoek ingetrokken',
};
const REASON_LABELS: Record<string, string> = {
  'bedreiging-intimidatie': 'Bedreiging of intimidatie',
  agressie: 'Agressie',
  'onwerkbare-situatie': 'Onwerkbare situatie',
  anders: 'Andere reden',
};

export interface Bar {
  label: string;
  value: number;
}

const BAR = '#01689b';
const WIDTH = 640;

/** Short enough for the chart's axis; the table beside it has the whole text. */
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/**
 * A bar chart as SVG: horizontal bars (one row per bar, for long labels) or columns (weeks). The picture
 * is named by its title and described in words (every bar's label and value) for screen readers.
 */
export function barChart(opts: { id: string; title: string; bars: Bar[]; unit: string; columns?: boolean }): SafeHtml {
  const { id, bars } = opts;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const words = bars.length ? bars.map((b) => `${b.label}: ${b.value}`).join('; ') : 'geen gegevens';
  const desc = `${opts.title}. ${words}.`;
  let body: string;
  let height: number;
  if (opts.columns) {
    height = 220;
    const plot = 160;
    const step = (WIDTH - 40) / Math.max(1, bars.length);
    body = bars
      .map((b, i) => {
        const h = Math.round((b.value / max) * plot);
        const x = 30 + i * step;
        return `<g><rect x="${x + 4}" y="${20 + plot - h}" width="${Math.max(4, step - 8)}" height="${h}" fill="${BAR}"></rect><text x="${x + step / 2}" y="${14 + plot - h}" text-anchor="middle" font-size="12" fill="#000">${b.value}</text><text x="${x + step / 2}" y="${40 + plot}" text-anchor="middle" font-size="11" fill="#000">${escapeHtml(clip(b.label, 12))}</text></g>`;
      })
      .join('');
    body += `<line x1="30" y1="${20 + plot}" x2="${WIDTH - 10}" y2="${20 + plot}" stroke="#000" stroke-width="1"></line>`;
  } else {
    const row = 26;
    height = Math.max(1, bars.length) * row + 10;
    const left = 260;
    body = bars
      .map((b, i) => {
        const w = Math.round((b.value / max) * (WIDTH - left - 50));
        const y = 5 + i * row;
        return `<g><text x="${left - 8}" y="${y + 16}" text-anchor="end" font-size="12" fill="#000">${escapeHtml(clip(b.label, 40))}</text><rect x="${left}" y="${y + 3}" width="${Math.max(1, w)}" height="${row - 8}" fill="${BAR}"></rect><text x="${left + w + 6}" y="${y + 16}" font-size="12" fill="#000">${b.value}</text></g>`;
      })
      .join('');
    if (!bars.length) body = `<text x="10" y="20" font-size="12" fill="#000">Geen gegevens</text>`;
  }
  return html`<svg class="jf-chart" role="img" aria-labelledby="${id}-title ${id}-desc" viewBox="0 0 ${WIDTH} ${height}" width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg"><title id="${id}-title">${opts.title}</title><desc id="${id}-desc">${desc}</desc>${raw(body)}</svg>`;
}

/** A chart and its data table side by side (the table is the same data, for reading and copying). */
function figure(id: string, heading: string, chart: SafeHtml, data: SafeHtml, note?: string): SafeHtml {
  return html`<section class="jf-dashboard__item" aria-labelledby="${id}-h">
<h2 class="utrecht-heading-2" id="${id}-h">${heading}</h2>
${note ? html`<p class="utrecht-paragraph">${note}</p>` : ''}
<div class="jf-dashboard__figure"><div class="jf-dashboard__chart">${chart}</div><div class="jf-dashboard__data">${data}</div></div>
</section>`;
}

const weekLabel = (monday: string) => `week van ${formatDay(monday)}`;

export function overviewPage(ctx: PageContext, o: Overview): string {
  const openBars = o.open.flatMap((p) => p.steps.map((s) => ({ label: `${p.title}: ${s.label}`, value: s.count })));
  const overdueBars = o.overdueByWeek.map((w) => ({ label: formatDay(w.week).replace(/ \d{4}$/, ''), value: w.count }));
  const dueBars = o.dueByWeek.map((w) => ({ label: formatDay(w.week).replace(/ \d{4}$/, ''), value: w.count }));
  const signalText = (s: Overview['signals'][number]) => `${OUTCOME_LABELS[s.outcome] ?? s.outcome} – ${REASON_LABELS[s.category] ?? s.category}`;
  const signalBars = o.signals.map((s) => ({ label: `${s.provider}: ${signalText(s)}`, value: s.count }));
  return page(
    { ...ctx, nav: 'overzicht' },
    'Overzicht',
    html`${heading1('Overzicht')}
<p class="utrecht-paragraph">Stand van ${formatDay(o.generatedAt)}. Elke grafiek staat ook als tabel ernaast. De lijsten zelf staan onder ${link('/zaken', 'Zaken')}; het KPI-stoplicht per aanbieder onder ${link('/stoplicht', 'KPI-stoplicht')}.</p>
<div class="jf-dashboard">
${figure(
  'g-open',
  'Open zaken per procedure en fase',
  barChart({ id: 'g-open', title: 'Open zaken per procedure en fase', bars: openBars, unit: 'zaken' }),
  o.open.length
    ? table(
        'Open zaken per procedure en fase',
        ['Procedure', 'Fase', 'Aantal'],
        o.open.flatMap((p) => p.steps.map((s) => [link(`/zaken?${new URLSearchParams({ procedure: p.procedure }).toString()}`, p.title), s.label, String(s.count)])),
        { captionHidden: true },
      )
    : html`<p class="utrecht-paragraph">Er zijn geen open zaken.</p>`,
)}
${figure(
  'g-overdue',
  'Verlopen termijnen per week',
  barChart({ id: 'g-overdue', title: 'Open zaken met een verlopen termijn, per week waarin de termijn verliep (laatste 8 weken)', bars: overdueBars, unit: 'zaken', columns: true }),
  table('Verlopen termijnen per week', ['Week', 'Zaken'], o.overdueByWeek.map((w) => [weekLabel(w.week), String(w.count)]), { captionHidden: true }),
  'Open zaken waarvan de termijn is verstreken, naar de week waarin hij verliep.',
)}
${figure(
  'g-signals',
  'Beëindigingen en weigeringen per aanbieder en reden',
  barChart({ id: 'g-signals', title: 'Beëindigingen en weigeringen per aanbieder en reden', bars: signalBars, unit: 'zaken' }),
  o.signals.length
    ? table(
        'Beëindigingen en weigeringen per aanbieder en reden',
        ['Aanbieder', 'Procedure', 'Uitkomst', 'Reden', 'Aantal'],
        o.signals.map((s) => [s.provider, findProcedure(s.procedure)?.title ?? s.procedure, OUTCOME_LABELS[s.outcome] ?? s.outcome, REASON_LABELS[s.category] ?? s.category, String(s.count)]),
        { captionHidden: true },
      )
    : html`<p class="utrecht-paragraph">Nog geen beëindigingen of weigeringen.</p>`,
  'Signalen voor contractmanagement uit de afgeronde zorgbeëindigingen (002 art. 6.1.2).',
)}
${figure(
  'g-due',
  'Termijnen in de komende weken',
  barChart({ id: 'g-due', title: 'Open zaken naar de week van hun eerstvolgende termijn (deze en de komende 7 weken)', bars: dueBars, unit: 'zaken', columns: true }),
  table('Termijnen in de komende weken', ['Week', 'Zaken'], o.dueByWeek.map((w) => [link(`/zaken?${new URLSearchParams({ dueBefore: addWeek(w.week), sort: 'nextDueAt' }).toString()}`, weekLabel(w.week)), String(w.count)]), { captionHidden: true }),
)}
</div>`,
  );
}

function addWeek(day: string): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 7);
  return d.toISOString().slice(0, 10);
}
