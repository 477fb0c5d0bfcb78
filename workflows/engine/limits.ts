// Limits: every case stays readable and movable (Temporal refuses payloads over 2 MB: a query answer,
// an update's input and the continue-as-new input that carries the whole persisted case).

/** The longest `reason` of an event or a supervisor fix. */
export const MAX_REASON = 1000;
/** An event or fix may grow the persisted case (JSON, UTF-8) to at most this many bytes. */
export const CASE_SIZE_BUDGET = 1_000_000;
/** Headroom above the budget kept for closing a case: a supervisor's cancel always fits under this. */
export const CASE_SIZE_LIMIT = 1_800_000;
/** The case query returns at most this many history entries at a time (page with `historyFrom`). */
export const HISTORY_PAGE_ENTRIES = 200;
/** …and at most about this many bytes of them (always at least one entry). */
export const HISTORY_PAGE_BYTES = 256_000;

/** UTF-8 length of a string, without TextEncoder (workflow sandbox). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
