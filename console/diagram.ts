// The procedure's machine as a picture (server-rendered SVG: states as indented boxes, transitions as
// arcs on the right) and as an accessible nested list, with the current state and the path taken so far
// (from the history) highlighted.
import type { ProcedureDefinition } from '../machines/types.ts';
import type { HistoryEntry } from '../workflows/engine.ts';
import { ENGINE_STATE_LABELS } from './glossary.ts';
import { labelOfState, procedureGraph, type GraphState, type GraphTransition } from '../api/machineGraph.ts';
import { leafPaths, withAncestors } from '../machines/introspect.ts';
import { html, raw, type SafeHtml } from './html.ts';

const ROW = 30;
const BOX_H = 24;
const INDENT = 18;
const RIGHT = 500;
const CHAR_W = 6.6;

export interface PathInfo {
  current: Set<string>;
  visited: Set<string>;
  taken: Set<GraphTransition>;
}

const within = (leaf: string, node: string) => leaf === node || leaf.startsWith(`${node}.`);

/** Current states, states visited and transitions taken, read from the case's state paths and history. */
export function pathInfo(def: ProcedureDefinition, statePaths: readonly string[], history: readonly HistoryEntry[]): PathInfo {
  const graph = procedureGraph(def);
  const current = new Set(statePaths);
  const visited = new Set<string>(statePaths);
  const taken = new Set<GraphTransition>();
  for (const h of history) {
    const fromLeaves = leafPaths(h.from);
    const toLeaves = leafPaths(h.to);
    for (const leaf of [...fromLeaves, ...toLeaves]) for (const id of withAncestors(leaf)) visited.add(id);
    if (!h.from || h.from === h.to || (h.kind !== 'event' && h.kind !== 'expiry')) continue;
    for (const t of graph.transitions) {
      if (t.event === h.type && t.to && fromLeaves.some((l) => within(l, t.from)) && toLeaves.some((l) => within(l, t.to!))) taken.add(t);
    }
  }
  return { current, visited, taken };
}

function truncate(text: string, width: number): string {
  const max = Math.max(4, Math.floor(width / CHAR_W));
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function stateClass(s: GraphState, info: PathInfo): string {
  const classes = ['jf-diagram__state'];
  if (info.current.has(s.id)) classes.push('jf-diagram__state--current');
  else if (info.visited.has(s.id)) classes.push('jf-diagram__state--visited');
  if (s.type === 'final') classes.push('jf-diagram__state--final');
  return classes.join(' ');
}

export function renderDiagramSvg(def: ProcedureDefinition, info: PathInfo, currentLabel: string): SafeHtml {
  const graph = procedureGraph(def);
  const row = new Map(graph.states.map((s, i) => [s.id, i]));
  const y = (i: number) => 10 + i * ROW;
  const pairs = new Map<string, { from: number; to: number; taken: boolean }>();
  for (const t of graph.transitions) {
    if (!t.to || t.to === t.from) continue;
    const from = row.get(t.from);
    const to = row.get(t.to);
    if (from === undefined || to === undefined) continue;
    const key = `${from}>${to}`;
    const prev = pairs.get(key);
    pairs.set(key, { from, to, taken: (prev?.taken ?? false) || info.taken.has(t) });
  }
  const arcs = [...pairs.values()].sort((a, b) => Number(a.taken) - Number(b.taken));
  const reach = Math.min(320, 16 + 7 * Math.max(0, ...arcs.map((a) => Math.abs(a.to - a.from))));
  const width = RIGHT + reach + 20;
  const height = y(graph.states.length) + 6;
  const boxes = graph.states.map((s, i) => {
    const x = 10 + s.depth * INDENT;
    const w = RIGHT - x;
    const marker = info.current.has(s.id) ? '▶ ' : '';
    return html`<g class="${stateClass(s, info)}"><title>${s.label}</title><rect x="${x}" y="${y(i)}" width="${w}" height="${BOX_H}" rx="${s.type === 'final' ? 12 : 4}"></rect><text x="${x + 8}" y="${y(i) + 16}">${truncate(marker + s.label, w - 16)}</text></g>`;
  });
  const paths = arcs.map((a) => {
    const y1 = y(a.from) + BOX_H / 2;
    const y2 = y(a.to) + BOX_H / 2;
    const dx = 16 + 7 * Math.abs(a.to - a.from);
    return html`<path class="jf-diagram__arc${a.taken ? ' jf-diagram__arc--taken' : ''}" d="M ${RIGHT} ${y1} C ${RIGHT + dx} ${y1}, ${RIGHT + dx} ${y2}, ${RIGHT + 4} ${y2}" marker-end="url(#${a.taken ? 'jf-arrow-taken' : 'jf-arrow'})"></path>`;
  });
  const title = `Schema van ${def.title}`;
  const desc = `Huidige fase: ${currentLabel}. Doorlopen fasen zijn gemarkeerd; de gevolgde stappen zijn dikke pijlen. De lijst hieronder beschrijft hetzelfde schema in tekst.`;
  return html`<svg class="jf-diagram" role="img" aria-labelledby="jf-diagram-title jf-diagram-desc" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">
<title id="jf-diagram-title">${title}</title>
<desc id="jf-diagram-desc">${desc}</desc>
<defs>
  <marker id="jf-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path class="jf-diagram__arrowhead" d="M 0 0 L 10 5 L 0 10 z"></path></marker>
  <marker id="jf-arrow-taken" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path class="jf-diagram__arrowhead jf-diagram__arrowhead--taken" d="M 0 0 L 10 5 L 0 10 z"></path></marker>
</defs>
${raw(paths.map(String).join(''))}${raw(boxes.map(String).join(''))}
</svg>`;
}

/** The same graph as a nested list: every state with its marks and the steps that leave it. */
export function renderStateList(def: ProcedureDefinition, info: PathInfo): SafeHtml {
  const graph = procedureGraph(def);
  const byParent = new Map<string | undefined, GraphState[]>();
  for (const s of graph.states) byParent.set(s.parent, [...(byParent.get(s.parent) ?? []), s]);
  const outgoing = (s: GraphState) => {
    const seen = new Set<string>();
    return graph.transitions.filter((t) => {
      if (t.from !== s.id || !t.to || t.to === t.from) return false;
      const key = `${t.event}>${t.to}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  };
  const item = (s: GraphState): SafeHtml => {
    const marks = [info.current.has(s.id) ? 'huidige fase' : info.visited.has(s.id) ? 'doorlopen' : '', s.type === 'final' ? 'eindfase' : ''].filter(Boolean);
    const steps = outgoing(s);
    const children = byParent.get(s.id) ?? [];
    return html`<li class="utrecht-unordered-list__item">
  <span class="jf-statelist__state${info.current.has(s.id) ? ' jf-statelist__state--current' : info.visited.has(s.id) ? ' jf-statelist__state--visited' : ''}">${s.label}</span>${marks.length ? html` <span class="jf-statelist__mark">(${marks.join(', ')})</span>` : ''}
  ${
    steps.length
      ? html`<ul class="utrecht-unordered-list jf-statelist__steps">${steps.map(
          (t) =>
            html`<li class="utrecht-unordered-list__item${info.taken.has(t) ? ' jf-statelist__step--taken' : ''}">${t.system ? 'Termijn verstreken: ' : ''}${t.label} → ${labelOfState(def, t.to!)}${info.taken.has(t) ? html` <span class="jf-statelist__mark">(gevolgd)</span>` : ''}</li>`,
        )}</ul>`
      : ''
  }
  ${children.length ? html`<ul class="utrecht-unordered-list utrecht-unordered-list--nested">${children.map(item)}</ul>` : ''}
</li>`;
  };
  return html`<ul class="utrecht-unordered-list jf-statelist">${(byParent.get(undefined) ?? []).map(item)}</ul>`;
}

/** The states the case went through, in order, from its history. */
export function renderPathTaken(def: ProcedureDefinition, history: readonly HistoryEntry[]): SafeHtml {
  const steps: { label: string; via?: string }[] = [];
  for (const h of history) {
    if (!h.to || h.to === h.from) continue;
    const label = ENGINE_STATE_LABELS[h.to] ?? labelOfState(def, h.to);
    if (steps.at(-1)?.label === label) continue;
    steps.push({ label, ...(h.kind === 'start' ? {} : { via: h.label }) });
  }
  return html`<ol class="utrecht-ordered-list jf-path">${steps.map(
    (s, i) => html`<li class="utrecht-ordered-list__item${i === steps.length - 1 ? ' jf-path__now' : ''}">${s.label}${s.via ? html` <span class="jf-path__via">(na: ${s.via})</span>` : ''}${i === steps.length - 1 ? html` <strong>— nu</strong>` : ''}</li>`,
  )}</ol>`;
}
