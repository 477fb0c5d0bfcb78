import { describe, expect, it } from 'vitest';
import { containsBsn, findBsnLikeNumbers, freeText, isoDate, MAX_TEXT } from '../../machines/schemas.ts';

describe('one BSN detector for every free-text field', () => {
  it.each(['111222333', '111 222 333', '111.222.333', '111-222-333', '1112.22.333', 'BSN: 111222333.'])('finds %s', (text) => {
    expect(containsBsn(text)).toBe(true);
  });
  it.each(['123456789', '2026-12-02', 'tel 0612345678', '111 222 3334', '12 345'])('passes %s (no eleven-test pass, or not nine digits)', (text) => {
    expect(containsBsn(text)).toBe(false);
  });
  it('finds a BSN inside a longer run of digits only in the strict mode (mails, case ids)', () => {
    expect(findBsnLikeNumbers('x1112223330')).toEqual([]);
    expect(findBsnLikeNumbers('x1112223330', { withinLongerNumbers: true })).toEqual(['1112223330']);
  });
  it('free text refuses a BSN with spaces and text over the maximum', () => {
    expect(freeText().safeParse('zie 111 222 333').success).toBe(false);
    expect(freeText().safeParse('a'.repeat(MAX_TEXT + 1)).success).toBe(false);
    expect(freeText().safeParse('a'.repeat(MAX_TEXT)).success).toBe(true);
  });
});

describe('dates are real calendar dates in the years the calendar supports', () => {
  it.each(['2026-02-31', '2026-13-01', '9999-12-31', '1899-12-31', '2026-2-1', '2025-02-29'])('refuses %s', (d) => {
    expect(isoDate().safeParse(d).success).toBe(false);
  });
  it.each(['2024-02-29', '2026-12-31', '1900-01-01', '2199-12-31'])('accepts %s', (d) => {
    expect(isoDate().safeParse(d).success).toBe(true);
  });
});
