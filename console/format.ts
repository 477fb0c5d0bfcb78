// Dutch presentation of dates, roles and values.
import { amsterdamDateOf, formatDutchDate, type IsoDate } from '../calendar/index.ts';
import { ROLE_LABELS, type AnyRole } from '../machines/types.ts';
import { glossaryLabel } from './glossary.ts';

const dateTime = new Intl.DateTimeFormat('nl-NL', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Amsterdam' });

/** '23 november 2026 om 12:00' in Amsterdam time. */
export function formatDateTime(iso: string | undefined): string {
  if (!iso) return '—';
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : dateTime.format(ms);
}

/** 'maandag 23 november 2026' for an instant (its Amsterdam day) or an ISO date. */
export function formatDay(value: string | undefined): string {
  if (!value) return '—';
  try {
    return formatDutchDate((/^\d{4}-\d{2}-\d{2}$/.test(value) ? value : amsterdamDateOf(value)) as IsoDate);
  } catch {
    return value;
  }
}

export function roleLabel(role: string): string {
  return ROLE_LABELS[role as AnyRole] ?? role;
}

export function roleList(roles: readonly string[]): string {
  return roles.length ? roles.map(roleLabel).join(', ') : 'niemand';
}

/** A payload value for people: booleans as Ja/Nee, codes by their Dutch label from the glossary, objects as JSON. */
export function formatValue(value: unknown): string {
  if (value === true) return 'Ja';
  if (value === false) return 'Nee';
  if (value === null || value === undefined) return '—';
  if (typeof value === 'number') return value.toLocaleString('nl-NL');
  if (typeof value === 'string') return /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatDay(value) : (glossaryLabel(value) ?? value);
  if (Array.isArray(value)) return value.map(formatValue).join(', ');
  return JSON.stringify(value);
}

/** What a deadline reads as, wherever it shows: a stopped clock first (never "Loopt" while it stands still). */
export interface DeadlineState {
  overdue: boolean;
  /** When the legal clock was stopped (the case's suspension), if it stands still now. */
  clockStoppedSince?: string;
  /** The term had already expired before the clock stopped (still overdue). */
  expired?: boolean;
}

export function deadlineStatus(d: DeadlineState): { label: string; kind: 'danger' | 'warning' | 'neutral' } {
  if (d.clockStoppedSince && !d.expired) return { label: `Klok staat stil sinds ${formatDay(d.clockStoppedSince)}`, kind: 'warning' };
  if (d.overdue) return { label: 'Verlopen', kind: 'danger' };
  return { label: 'Loopt', kind: 'neutral' };
}

/** How a case that ended reads in its header and lists: cancelled or closed, with the day. */
export function closedLabel(c: { cancelledAt?: string; closedAt?: string }): string {
  if (c.cancelledAt) return `Geannuleerd op ${formatDay(c.cancelledAt)}`;
  return c.closedAt ? `Afgesloten op ${formatDay(c.closedAt)}` : 'Afgesloten';
}
