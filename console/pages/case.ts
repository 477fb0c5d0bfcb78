// The case page: what the case is, its state in words, the diagram with the path taken, the deadlines
// with their explanation, the actions I may take now (forms from the event schemas), supervisor fixes,
// and the full history as a dossier.
import type { ApiError } from '../../api/errors.ts';
import type { ProcedureDefinition } from '../../machines/types.ts';
import type { ProcedureDescription } from '../../operations/index.ts';
import { GROUNDS_PER_FIX, SUPERVISOR_GROUNDS, type CaseView, type SupervisorGround } from '../../workflows/engine.ts';
import { cancellationOf, endedLabel, renderDeadlineRows, renderDecisions, renderHistory, renderMessagesPlain, renderValue } from '../dossier.ts';
import { pathInfo, renderDiagramSvg, renderPathTaken, renderStateList } from '../diagram.ts';
import { formatDateTime, formatDay, roleLabel, roleList } from '../format.ts';
import { fieldLabels, renderFields, variantsOf, type FieldErrors, type FormBody, type JsonSchema } from '../forms.ts';
import { html, slug, type SafeHtml } from '../html.ts';
import { alert, badge, csrfInput, dataList, heading1, link, page, table, type PageContext } from '../layout.ts';
import { renderSentMessages } from '../messages.ts';
import { refusalSummary } from '../refusals.ts';
import { linkedEscalationCase, openSuggestion } from '../suggestion.ts';
import { FIX_LABELS, labelledFixSchema, openTerms, SUPERVISOR_SCHEMA, type ExtensionPreview } from '../supervisor.ts';
import { PERSONAL_DATA_DELETED_LABEL } from '../../operations/index.ts';

export interface FailedForm {
  formId: string;
  /** Absent when the form came back for another reason than a refusal (a list group added or removed). */
  error?: ApiError;
  fields: FieldErrors;
  values: FormBody;
}

export interface CasePageOptions {
  view: CaseView;
  desc: ProcedureDescription;
  def: ProcedureDefinition;
  flash?: string;
  failed?: FailedForm;
  requestId: () => string;
  pdfAvailable?: boolean;
  /** Mail caught by the local catcher, by Message-ID → its id under /post (only when the viewer may read /post). */
  caughtMail?: ReadonlyMap<string, string>;
  /** The case's workflow in the Temporal Web UI (shown to supervisors only). */
  temporalUrl?: string;
  /** "Termijn verlengen" was filled in: show the resulting due date and ask to confirm. */
  preview?: { values: FormBody; result: ExtensionPreview };
  /** A fix chosen on the board row (?herstel=<action>): its form is open. */
  openFix?: string;
}

export const eventFormId = (type: string, variant: string) => `stap-${slug(type)}${variant ? `-${slug(variant)}` : ''}`;
export const fixFormId = (action: string) => `toezicht-${slug(action)}`;

/**
 * A form with lists has "Nog een … toevoegen" buttons; Enter in a field presses a form's first submit
 * button, so such a form starts with a hidden one that records (the visible one stays at the end).
 */
const hasLists = (fields: SafeHtml) => String(fields).includes('name="_add"');

function errorFor(failed: FailedForm | undefined, formId: string): FailedForm | undefined {
  return failed?.formId === formId ? failed : undefined;
}

function actionForms(ctx: PageContext, o: CasePageOptions): SafeHtml {
  const { view, desc, def } = o;
  const user = ctx.user!;
  if (view.status !== 'active') return html`<p class="utrecht-paragraph">Deze zaak is afgesloten; er kunnen geen stappen meer worden gezet.</p>`;
  if (view.allowedEvents.length === 0) {
    return html`<p class="utrecht-paragraph">U hoeft nu niets te doen. Deze zaak wacht op: ${roleList(view.waitingOn)}.</p>`;
  }
  // First what the case now waits on this person for (their roles among those it waits on); the other
  // steps that are allowed now stay folded away.
  const waitsOnMe = (e: (typeof view.allowedEvents)[number]) => e.roles.some((r) => view.waitingOn.includes(r as never) && user.roles.includes(r as never));
  const render = (events: typeof view.allowedEvents) => events.flatMap((e) => {
    const eventDef = def.events[e.type];
    const schema = (desc.events.find((x) => x.type === e.type)?.schema ?? {}) as JsonSchema;
    const roles = user.roles.filter((r) => e.roles.includes(r));
    return variantsOf(schema).map((variant) => {
      const formId = eventFormId(e.type, variant.key);
      const failed = errorFor(o.failed, formId);
      const title = variant.label ? `${e.label}: ${variant.label}` : e.label;
      const hasOwnReason = Boolean(variant.schema.properties?.reason);
      const reasonId = `f-${formId}-reason`;
      const fields = renderFields(variant.schema, { prefix: 'payload', formId, ...(failed ? { values: failed.values, errors: failed.fields } : {}) });
      return html`<details class="jf-action" id="${formId}"${failed ? html` open` : ''}>
  <summary>${title}</summary>
  ${eventDef?.description ? html`<p class="utrecht-paragraph jf-action__meta">${eventDef.description}</p>` : ''}
  ${eventDef?.fourEyesApproval ? html`<p class="utrecht-paragraph jf-action__meta">Vier ogen: deze stap zet een andere persoon dan degene die het voorstel deed.</p>` : ''}
  <p class="utrecht-paragraph jf-action__meta jf-muted">Regel: ${eventDef?.rule ?? '—'}</p>
  <form method="post" action="/zaken/${encodeURIComponent(view.caseId)}/stappen" class="jf-form" novalidate>
    ${csrfInput(ctx.csrfToken)}
    <input type="hidden" name="type" value="${e.type}">
    <input type="hidden" name="formId" value="${formId}">
    ${hasLists(fields) ? html`<button type="submit" class="jf-visually-hidden" tabindex="-1" aria-hidden="true">Verzenden</button>` : ''}
    <input type="hidden" name="requestId" value="${failed ? String(failed.values.requestId ?? o.requestId()) : o.requestId()}">
    ${
      roles.length > 1
        ? html`<div class="utrecht-form-field utrecht-form-field--text"><div class="utrecht-form-field__label"><label class="utrecht-form-label" for="f-${formId}-role">In de rol van</label></div><div class="utrecht-form-field__input"><select class="utrecht-select utrecht-select--html-select" id="f-${formId}-role" name="role">${roles.map((r) => html`<option value="${r}">${roleLabel(r)}</option>`)}</select></div></div>`
        : ''
    }
    ${fields}
    ${
      hasOwnReason
        ? ''
        : html`<div class="utrecht-form-field utrecht-form-field--text"><div class="utrecht-form-field__label"><label class="utrecht-form-label" for="${reasonId}">Toelichting voor het dossier <span class="jf-optional">(niet verplicht)</span></label></div><div class="utrecht-form-field__input"><textarea class="utrecht-textarea utrecht-textarea--html-textarea" rows="2" id="${reasonId}" name="reason">${failed ? String(failed.values.reason ?? '') : ''}</textarea></div></div>`
    }
    <button type="submit" class="utrecht-button utrecht-button--primary-action">Vastleggen: ${title}</button>
  </form>
</details>`;
    });
  });
  const mine = view.allowedEvents.filter(waitsOnMe);
  const others = view.allowedEvents.filter((e) => !waitsOnMe(e));
  const othersOpen = o.failed !== undefined && others.some((e) => o.failed!.formId.startsWith(eventFormId(e.type, '')));
  return html`${mine.length ? html`<p class="utrecht-paragraph">De zaak wacht nu op u voor:</p><div class="jf-actions jf-actions--waiting">${render(mine)}</div>` : html`<p class="utrecht-paragraph">De zaak wacht nu niet op u, maar deze stappen mogen wel.</p>`}
${others.length ? (mine.length ? html`<details class="jf-details jf-actions-other"${othersOpen ? html` open` : ''}><summary>Andere stappen die nu mogen (${others.length})</summary><div class="jf-actions">${render(others)}</div></details>` : html`<div class="jf-actions">${render(others)}</div>`) : ''}`;
}

/** Every extension of a term by a supervisor (and every move on resuming the clock), with its ground. */
function renderExtensions(view: CasePageOptions['view']): SafeHtml {
  const rows = view.deadlines.flatMap((d) =>
    (d.extensions ?? []).map((x) => [d.label, `${x.from} → ${x.to}`, x.ground?.label ?? '—', x.reason, `${x.by.userId}, ${formatDateTime(x.at)}`]),
  );
  if (rows.length === 0) return html``;
  return html`<h3 class="utrecht-heading-3">Verlengd door de supervisor</h3>
${table('Verlengingen van termijnen', ['Termijn', 'Uiterlijk (oud → nieuw)', 'Grond', 'Reden', 'Door'], rows, { captionHidden: true })}`;
}

/** The closed list of grounds per fix, with their Dutch labels. */
function groundChoices(action: string): { value: string; label: string }[] {
  const codes = (GROUNDS_PER_FIX as Record<string, readonly SupervisorGround[]>)[action] ?? [];
  return codes.map((code) => ({ value: code, label: SUPERVISOR_GROUNDS[code] }));
}

/** The resulting due date of an extension, before it is confirmed. */
function extensionPreview(p: ExtensionPreview): SafeHtml {
  if (!p.to) return alert('warning', p.problem ?? 'Geen nieuwe einddatum te berekenen.', { role: 'alert', id: 'verlenging-voorbeeld' });
  return alert('info', `${p.label}: nu uiterlijk ${formatDay(p.from)}; na verlenging uiterlijk ${formatDay(p.to)}. Weekenden en feestdagen tellen niet mee. Bevestig om te verlengen.`, {
    role: 'status',
    id: 'verlenging-voorbeeld',
    heading: 'Nieuwe einddatum',
  });
}

function supervisorForms(ctx: PageContext, o: CasePageOptions): SafeHtml {
  const { view } = o;
  if (!ctx.user?.roles.includes('supervisor')) return html``;
  if (view.status !== 'active') return html``;
  const choice = (d: CaseView['deadlines'][number]) => ({ value: d.name, label: `${d.label} (uiterlijk ${formatDay(d.dueDate)})` });
  const deadlineChoices = view.deadlines.map(choice);
  // A reminder says the term still runs: only open terms whose end has not passed (the engine refuses the rest).
  const reminderChoices = openTerms(view).map(choice);
  const forms = variantsOf(SUPERVISOR_SCHEMA).map((variant) => {
    const action = variant.key;
    const info = FIX_LABELS[action] ?? { label: action, help: '' };
    const choices = action === 'reminder.resent' ? reminderChoices : deadlineChoices;
    if ((action === 'deadline.extended' || action === 'reminder.resent') && choices.length === 0) return html``;
    if (action === 'clock.suspended' && view.suspended) return html``;
    if (action === 'clock.resumed' && !view.suspended) return html``;
    const formId = fixFormId(action);
    const failed = errorFor(o.failed, formId);
    const preview = action === 'deadline.extended' ? o.preview : undefined;
    const values = failed ? { values: failed.values, errors: failed.fields } : preview ? { values: preview.values } : {};
    const open = failed !== undefined || preview !== undefined || o.openFix === action;
    const submit =
      action === 'deadline.extended'
        ? html`${preview ? extensionPreview(preview.result) : ''}
    ${preview?.result.to ? html`<button type="submit" name="bevestigd" value="ja" class="utrecht-button utrecht-button--primary-action" data-testid="verlenging-bevestigen">Bevestigen: verlengen tot ${formatDay(preview.result.to)}</button> ` : ''}
    <button type="submit" class="utrecht-button ${preview?.result.to ? 'utrecht-button--secondary-action' : 'utrecht-button--primary-action'}">${preview ? 'Opnieuw berekenen' : 'Bekijk de nieuwe einddatum'}</button>`
        : html`<button type="submit" class="utrecht-button ${action === 'case.cancelled' ? 'utrecht-button--secondary-action' : 'utrecht-button--primary-action'}">${info.label}</button>`;
    return html`<details class="jf-action" id="${formId}"${open ? html` open` : ''}>
  <summary>${info.label}</summary>
  <p class="utrecht-paragraph jf-action__meta">${info.help}</p>
  <form method="post" action="/zaken/${encodeURIComponent(view.caseId)}/toezicht" class="jf-form" novalidate${action === 'case.cancelled' ? html` data-jf-confirm="Weet u zeker dat u zaak ${view.caseId} wilt annuleren?"` : ''}>
    ${csrfInput(ctx.csrfToken)}
    <input type="hidden" name="formId" value="${formId}">
    <input type="hidden" name="requestId" value="${preview ? String(preview.values.requestId ?? o.requestId()) : o.requestId()}">
    ${renderFields(labelledFixSchema(variant.schema), { prefix: 'fix', formId, choices: { 'fix.deadline': choices, 'fix.ground': groundChoices(action) }, ...values })}
    ${submit}
  </form>
</details>`;
  });
  return html`<section class="jf-section jf-no-print" aria-labelledby="toezicht-kop" id="toezicht">
<h2 class="utrecht-heading-2" id="toezicht-kop">Toezicht: herstelacties</h2>
<p class="utrecht-paragraph">Elke herstelactie komt met de reden in het dossier.</p>
<div class="jf-actions">${forms}</div>
</section>`;
}

function failedSummary(o: CasePageOptions): SafeHtml {
  const failed = o.failed;
  if (!failed?.error) return html``;
  const isFix = failed.formId.startsWith('toezicht-');
  const eventType = String(failed.values.type ?? '');
  const schema = isFix ? SUPERVISOR_SCHEMA : ((o.desc.events.find((e) => e.type === eventType)?.schema ?? {}) as JsonSchema);
  const labels = fieldLabels(isFix ? labelledFixSchema(schema) : schema, isFix ? 'fix' : 'payload');
  if (isFix) for (const v of variantsOf(SUPERVISOR_SCHEMA)) for (const [k, l] of fieldLabels(labelledFixSchema(v.schema), 'fix')) labels.set(k, l);
  return refusalSummary(failed.error, { formId: failed.formId, fields: failed.fields, fieldLabels: labels, def: o.def, stateLabel: o.view.stateLabel });
}

/** Provider users see that a message went to them, not the mail delivery log (Message-ID, SMTP answer). */
export const seesMailLog = (ctx: PageContext): boolean => !ctx.user?.roles.includes('aanbieder');

/** The state in words: an ended case reads as cancelled or closed (with the day), never as its last running step. */
function stateSummary(view: CaseView): SafeHtml {
  const ended = endedLabel(view);
  if (ended) {
    const cancelled = cancellationOf(view) !== undefined;
    return html`${badge('inactive', ended)}${cancelled ? html` <span class="jf-muted">(laatste fase: ${view.stateLabel})</span>` : html` ${view.stateLabel}`}`;
  }
  return html`${view.stateLabel} ${
    view.suspended
      ? badge('warning', `Klok staat stil sinds ${formatDay(view.suspended.since)}`)
      : html`${badge('active', 'Loopt')}${view.overdue ? html` ${badge('danger', 'Termijn verstreken')}` : ''}`
  }`;
}

/** Facts some procedures keep in their context under a shared name: a linked escalation ladder, overproduction (production-ceiling). */
function caseFactRows(view: CaseView): [string, SafeHtml | string][] {
  const rows: [string, SafeHtml | string][] = [];
  const linked = linkedEscalationCase(view);
  if (linked) rows.push(['Gekoppelde escalatieladder', link(`/zaken/${encodeURIComponent(linked)}`, `Zaak ${linked}`)]);
  const over = (view.context as { overproduction?: { amountEur?: unknown; ground?: unknown } } | undefined)?.overproduction;
  if (over && typeof over.amountEur === 'number' && typeof over.ground === 'string') {
    rows.push(['Overproductie', `€ ${over.amountEur.toLocaleString('nl-NL', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}. ${over.ground}.`]);
  }
  return rows;
}

/** The summary every case page and dossier leads with: procedure, step, who must act, start. */
function summaryRows(view: CaseView, desc: ProcedureDescription): [string, SafeHtml | string][] {
  const started = view.history[0];
  const assignees = Object.entries(view.assignees ?? {});
  return [
    ['Procedure', `${desc.title} (versie ${view.version})`],
    ['Fase', stateSummary(view)],
    ['Wacht op', view.status === 'active' ? roleList(view.waitingOn) : 'niemand: de zaak is beëindigd'],
    ['Aanbieder', view.provider],
    ['Gestart', `${formatDateTime(view.startedAt)}${started?.seq === 1 ? ` door ${started.actor.userId} (${roleLabel(started.actor.role)})` : ''}`],
    ['Laatste wijziging', formatDateTime(view.lastTransitionAt)],
    ...(assignees.length ? ([['Toegewezen', assignees.map(([r, u]) => `${roleLabel(r)}: ${u}`).join('; ')]] as [string, string][]) : []),
    ...caseFactRows(view),
    ...(view.optOut ? ([['Toestemming', 'Opt-out: geen toestemming om gegevens te delen met de opdrachtgever']] as [string, string][]) : []),
  ];
}

/** A case that suggests starting the escalation ladder, linked (console/suggestion.ts): the reason and a prefilled start form. */
function suggestionNotice(view: CaseView): SafeHtml | string {
  const suggestion = openSuggestion(view);
  if (!suggestion) return '';
  const href = `/zaken/nieuw/${encodeURIComponent(suggestion.procedure)}?${new URLSearchParams({ van: view.caseId }).toString()}`;
  return alert(
    'warning',
    html`<p class="utrecht-paragraph">${suggestion.reason}</p><p class="utrecht-paragraph">${link(href, 'Escalatieladder starten (vooraf ingevuld)')}. Starten blijft een besluit van de contractmanager; leg daarna hier het zaaknummer vast, of leg vast waarom u geen escalatieladder start.</p>`,
    { heading: 'Signaal voor de escalatieladder' },
  );
}

function endedNotice(view: CaseView): SafeHtml | string {
  const cancel = cancellationOf(view);
  if (cancel) {
    return alert('info', `${endedLabel(view)} door ${cancel.actor.userId} (${roleLabel(cancel.actor.role)})${cancel.ground ? `, grond: ${cancel.ground.label}` : ''}: ${cancel.reason ?? ''}`, { heading: 'Zaak geannuleerd' });
  }
  return view.status === 'active' ? '' : alert('info', `${endedLabel(view)}, in de fase: ${view.stateLabel}.`, { heading: 'Zaak afgesloten' });
}

function deadlinesSection(view: CaseView): SafeHtml {
  return html`${view.suspended ? alert('warning', `De wettelijke klok staat stil sinds ${formatDateTime(view.suspended.since)} (${view.suspended.by.userId})${view.suspended.ground ? `, grond: ${view.suspended.ground.label}` : ''}: ${view.suspended.reason}. Termijnen lopen niet door.`) : ''}
${view.deadlines.length ? table('Termijnen met uitleg', ['Termijn', 'Wie moet handelen', 'Uiterlijk', 'Uitleg', 'Regel'], renderDeadlineRows(view), { captionHidden: true }) : html`<p class="utrecht-paragraph">Er loopt nu geen termijn.</p>`}
${renderExtensions(view)}`;
}

/**
 * A computation a procedure keeps in its context as `calculation: { title, lines }` (Dutch lines a person can
 * check, e.g. the settlement of a contract year), shown as it is; nothing when the context has none.
 */
function calculationOf(view: CaseView): { title: string; lines: string[] } | undefined {
  const c = (view.context as { calculation?: unknown } | null | undefined)?.calculation as { title?: unknown; lines?: unknown } | undefined;
  if (!c || typeof c.title !== 'string' || !Array.isArray(c.lines) || !c.lines.every((l) => typeof l === 'string')) return undefined;
  return { title: c.title, lines: c.lines as string[] };
}

function calculationSection(view: CaseView, heading: (text: string) => SafeHtml): SafeHtml | string {
  const c = calculationOf(view);
  if (!c) return '';
  return html`${heading(c.title)}
<ol class="utrecht-ordered-list" data-testid="berekening">${c.lines.map((line) => html`<li class="utrecht-ordered-list__item">${line}</li>`)}</ol>`;
}

export function casePage(ctx: PageContext, o: CasePageOptions): string {
  const { view, desc, def } = o;
  const info = pathInfo(def, view.statePaths, view.history);
  const started = view.history[0];
  const startLabels = fieldLabels(desc.startSchema as JsonSchema, 'p');
  const supervisor = ctx.user?.roles.includes('supervisor') ?? false;
  const technical = seesMailLog(ctx);
  const summary = dataList([
    ...summaryRows(view, desc),
    ...(supervisor && o.temporalUrl ? ([['In Temporal', html`<a class="utrecht-link utrecht-link--html-a" href="${o.temporalUrl}" rel="noopener" data-testid="temporal-link">Deze zaak in de webinterface van Temporal</a>`]] as [string, SafeHtml][]) : []),
  ]);
  const main = html`${heading1(`Zaak ${view.caseId}`, desc.title)}
${o.flash ? html`<div id="resultaat">${alert('ok', o.flash, { role: 'status' })}</div>` : ''}
${failedSummary(o)}
${endedNotice(view)}
${suggestionNotice(view)}
<section class="jf-section" aria-labelledby="samenvatting-kop">
<h2 class="utrecht-heading-2" id="samenvatting-kop">Samenvatting</h2>
<p class="utrecht-paragraph">${desc.description}</p>
${summary}
</section>

${
  calculationOf(view)
    ? html`<section class="jf-section" aria-labelledby="berekening-kop">
${calculationSection(view, (t) => html`<h2 class="utrecht-heading-2" id="berekening-kop">${t}</h2>`)}
</section>`
    : ''
}

<section class="jf-section" aria-labelledby="termijnen-kop">
<h2 class="utrecht-heading-2" id="termijnen-kop">Termijnen</h2>
${deadlinesSection(view)}
</section>

<section class="jf-section" aria-labelledby="besluiten-kop">
<h2 class="utrecht-heading-2" id="besluiten-kop">Besluiten</h2>
${renderDecisions(desc, view)}
</section>

<section class="jf-section jf-no-print" aria-labelledby="acties-kop">
<h2 class="utrecht-heading-2" id="acties-kop">Wat u nu kunt doen</h2>
${actionForms(ctx, o)}
</section>

<section class="jf-section" aria-labelledby="berichten-kop" id="berichten">
<h2 class="utrecht-heading-2" id="berichten-kop">Verzonden berichten</h2>
${
  technical
    ? html`${renderMessagesPlain(view)}<details class="jf-maillog" data-testid="afleververslag"><summary>Afleververslag per ontvanger (Message-ID, antwoord mailserver)</summary>
${renderSentMessages(view, { linkEntries: true, ...(o.caughtMail ? { caught: o.caughtMail } : {}) })}</details>`
    : renderMessagesPlain(view)
}
</section>

<section class="jf-section" aria-labelledby="verloop-kop">
<h2 class="utrecht-heading-2" id="verloop-kop">Verloop</h2>
<p class="utrecht-paragraph">Doorlopen fasen:</p>
${renderPathTaken(def, view.history)}
<ul class="jf-legend" aria-hidden="true"><li><span class="jf-legend__swatch jf-legend__swatch--current"></span>huidige fase</li><li><span class="jf-legend__swatch jf-legend__swatch--visited"></span>doorlopen</li><li><span class="jf-legend__swatch jf-legend__swatch--taken"></span>gevolgde stap</li></ul>
<div class="jf-diagram-wrap">${renderDiagramSvg(def, info, view.stateLabel)}</div>
<details class="jf-no-print"><summary>Alle fasen en stappen van de procedure (tekst)</summary>${renderStateList(def, info)}</details>
</section>

<section class="jf-section" aria-labelledby="gegevens-kop">
<h2 class="utrecht-heading-2" id="gegevens-kop">Gegevens van de zaak</h2>
${started?.payload ? renderValue(started.payload, startLabels, 'p') : html`<p class="utrecht-paragraph">—</p>`}
${
  view.personalData !== undefined
    ? html`<h3 class="utrecht-heading-3">Persoonsgegevens jeugdige</h3>${renderValue(view.personalData, new Map(), 'pd')}`
    : view.personalDataDeleted
      ? html`<h3 class="utrecht-heading-3">Persoonsgegevens jeugdige</h3><p class="utrecht-paragraph" data-testid="personal-data-deleted">${PERSONAL_DATA_DELETED_LABEL}.</p>`
      : view.personalDataWithheld
        ? html`<p class="utrecht-paragraph">Persoonsgegevens van de jeugdige worden niet getoond: opt-out, en uw rol hoort bij de opdrachtgever.</p>`
        : ''
}
</section>

${supervisorForms(ctx, o)}

<section class="jf-section" aria-labelledby="dossier-kop">
<h2 class="utrecht-heading-2" id="dossier-kop">Dossier</h2>
<p class="utrecht-paragraph jf-no-print">${link(`/zaken/${encodeURIComponent(view.caseId)}/dossier`, 'Dossier om af te drukken')}${o.pdfAvailable ? html` · ${link(`/zaken/${encodeURIComponent(view.caseId)}/dossier.pdf`, 'Dossier als PDF')}` : ''}</p>
${renderHistory(desc, view, { technical })}
</section>`;
  return page(ctx, `Zaak ${view.caseId}`, main);
}

/** The printable dossier: led by the summary (procedure, step, who must act, deadlines, decisions), then the full history. */
export function dossierPage(ctx: PageContext, o: Pick<CasePageOptions, 'view' | 'desc' | 'def'>): string {
  const { view, desc } = o;
  const technical = seesMailLog(ctx);
  const main = html`${heading1(`Dossier zaak ${view.caseId}`, desc.title)}
${endedNotice(view)}
<h2 class="utrecht-heading-2">Samenvatting</h2>
${dataList([...summaryRows(view, desc), ['Regeling', desc.seed], ['Afgedrukt', formatDateTime(new Date().toISOString())]])}
${calculationSection(view, (t) => html`<h2 class="utrecht-heading-2">${t}</h2>`)}
<h2 class="utrecht-heading-2">Termijnen</h2>
${deadlinesSection(view)}
<h2 class="utrecht-heading-2">Besluiten</h2>
${renderDecisions(desc, view)}
<h2 class="utrecht-heading-2">Verloop</h2>
${renderHistory(desc, view, { technical })}
<h2 class="utrecht-heading-2">Verzonden berichten</h2>
${technical ? html`${renderMessagesPlain(view)}<details class="jf-maillog"><summary>Afleververslag per ontvanger (Message-ID, antwoord mailserver)</summary>${renderSentMessages(view)}</details>` : renderMessagesPlain(view)}
<p class="utrecht-paragraph jf-no-print">${link(`/zaken/${encodeURIComponent(view.caseId)}`, 'Terug naar de zaak')}</p>`;
  return page(ctx, `Dossier ${view.caseId}`, main);
}
