// Human-readable CLI output. Case content (labels, explanations) is Dutch; the frame is English.
import type { CaseSummary, ProcedureDescription, StatusReport, StuckCase } from '../operations/index.ts';
import type { CaseView } from '../workflows/engine.ts';

/** `jeugdflow tables`: in cli/tablesCommand.ts and in cli/main.ts's stand-in (same `--help`). */
export const TABLES_DESCRIPTION = 'development tables (ontwikkeltafels): membership from billing data, participation';

const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));

export function table(rows: string[][]): string {
  if (rows.length === 0) return '';
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : pad(c, widths[i]!))).join('  ')).join('\n');
}

export function formatCase(view: CaseView): string {
  const lines = [
    `Case ${view.caseId} — ${view.title} (${view.procedure} v${view.version})`,
    `Version:     ${view.version} (Versie ${view.version})`,
    `Provider:    ${view.provider}`,
    `Status:      ${view.status}`,
    `State:       ${view.state} — ${view.stateLabel}`,
    `Waiting on:  ${view.waitingOn.length ? view.waitingOn.join(', ') : '-'}`,
  ];
  if (view.personalDataDeleted) lines.push('Personal data: deleted after the retention period (Persoonsgegevens verwijderd na de bewaartermijn)');
  if (view.personalDataWithheld) lines.push('Personal data: withheld (opt-out: no consent to share with the commissioning body)');
  lines.push('', 'Deadlines:');
  if (view.deadlines.length === 0) lines.push('  (none)');
  if (view.suspended) lines.push(`  CLOCK STOPPED since ${view.suspended.since} (${view.suspended.by.userId}): terms do not run (Termijnen lopen niet door)`);
  for (const d of view.deadlines) {
    // A stopped clock: the term neither runs nor expires until the clock is resumed (then it moves).
    const status = view.suspended && d.status === 'open' ? `CLOCK STOPPED since ${view.suspended.since.slice(0, 10)} ` : d.overdue ? 'OVERDUE ' : '';
    lines.push(`  ${status}${d.name}: ${d.label}, due ${d.dueDate} (${d.dueAt}), waiting on ${d.waitingOn.join(', ')}`);
    lines.push(`    ${d.explanation}`);
    if (d.skipped.length) lines.push(`    skipped: ${d.skipped.map((x) => `${x.date} (${x.reason})`).join(', ')}`);
    for (const x of d.extensions ?? []) lines.push(`    extended ${x.from} → ${x.to} by ${x.by.userId}${x.ground ? `, ground: ${x.ground.label}` : ''}: ${x.reason}`);
  }
  if (view.suspended) lines.push(`  Suspended since ${view.suspended.since} by ${view.suspended.by.userId}${view.suspended.ground ? `, ground: ${view.suspended.ground.label}` : ''}: ${view.suspended.reason}`);
  lines.push('', 'Allowed events:');
  if (view.allowedEvents.length === 0) lines.push('  (none)');
  for (const e of view.allowedEvents) lines.push(`  ${pad(e.type, 28)} ${e.label} [${e.roles.join(', ')}]`);
  lines.push('', 'History:');
  for (const h of view.history) {
    lines.push(
      `  ${String(h.seq).padStart(3)}. ${h.at}  ${h.type} (${h.label}) by ${h.actor.role}:${h.actor.userId}  ${h.from || '∅'} → ${h.to}${h.reason ? `  reason: ${h.reason}` : ''}`,
    );
  }
  return lines.join('\n');
}

export function formatCaseList(cases: CaseSummary[]): string {
  if (cases.length === 0) return 'No cases.';
  return table([
    ['CASE', 'PROCEDURE', 'PROVIDER', 'STATE', 'NEXT DUE', 'WAITING ON'],
    ...cases.map((c) => [c.caseId, c.procedure, c.provider, c.state, `${c.overdue ? 'OVERDUE ' : ''}${c.nextDueAt ?? '-'}`, c.waitingOn.join(',') || '-']),
  ]);
}

export function formatProcedures(list: ProcedureDescription[]): string {
  return list
    .map((p) =>
      [
        `${p.id} v${p.version} — ${p.title}`,
        `  seed: ${p.seed}; started by: ${p.startRoles.join(', ')}`,
        ...(p.migration ? [`  migrates from v${p.migration.from} in: ${p.migration.migratableFrom.join(', ')} — ${p.migration.description}`] : []),
        `  states: ${p.states.map((s) => s.id).join(', ')}`,
        '  events:',
        ...p.events.map((e) => `    ${pad(e.type, 28)} ${e.title} [${e.roles.join(', ')}]`),
        '  deadlines:',
        ...p.deadlines.map((d) => `    ${d.state}: ${d.name} — ${d.title}, ${d.n} ${d.kind}, on expiry ${d.onExpiry}`),
      ].join('\n'),
    )
    .join('\n\n');
}

export function formatStatus(s: StatusReport): string {
  return [
    `Temporal server: ${s.server.reachable ? `reachable${s.server.version ? ` (${s.server.version})` : ''}` : `NOT reachable${s.server.error ? `: ${s.server.error}` : ''}`}`,
    `Worker on task queue '${s.taskQueue}': ${s.worker.polling ? `polling (${s.worker.pollers.map((p) => p.identity).join(', ')})` : 'NOT polling'}`,
  ].join('\n');
}

export function formatStuck(cases: StuckCase[]): string {
  if (cases.length === 0) return 'No cases need attention.';
  return cases
    .map((c) => [`${c.caseId}  ${c.procedure}  ${c.provider}  ${c.state}`, ...c.reasons.map((r) => `  - ${r.code}: ${r.message}`)].join('\n'))
    .join('\n');
}
