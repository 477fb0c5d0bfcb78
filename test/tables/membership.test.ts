// Membership of the physical and board tables from billing data (000/001 §3.3, §3.4).
import { describe, expect, it } from 'vitest';
import { computeMembership, formatEuro, THRESHOLDS, type BillingRow, type MembershipTable } from '../../tables/index.ts';

type Row = Omit<BillingRow, 'line'>;
const row = (provider: string, year: number, revenueEur: number, clients: number, name = provider.toUpperCase()): Row => ({ provider, name, year, revenueEur, clients });
/** Two years of the same figures for 2024's list (years 2022 and 2023). */
const twoYears = (provider: string, revenueEur: number, clients: number, second: [number, number] = [revenueEur, clients]): Row[] => [
  row(provider, 2022, revenueEur, clients),
  row(provider, 2023, second[0], second[1]),
];
const entry = (rows: Row[], provider: string, table: MembershipTable = 'fysiek', invited: string[] = []) =>
  computeMembership({ rows, year: 2024, table, invited }).entries.find((e) => e.provider === provider)!;

describe('physical table: two years in a row revenue >= EUR 500,000 and >= 150 clients', () => {
  it('exactly EUR 500,000 and 150 clients in both years is in', () => {
    const e = entry(twoYears('aanbieder-001', 500_000, 150), 'aanbieder-001');
    expect(e.member).toBe(true);
    expect(e.basis).toBe('criteria');
    expect(e.explanation).toBe('voldoet twee jaar op rij: omzet 2022 € 500.000 ≥ € 500.000; cliënten 2022 150 ≥ 150; omzet 2023 € 500.000 ≥ € 500.000; cliënten 2023 150 ≥ 150');
  });

  it('EUR 499,999.99 in one year is out, with the year and the amount in the reason', () => {
    const e = entry(twoYears('aanbieder-002', 600_000, 200, [499_999.99, 200]), 'aanbieder-002');
    expect(e.member).toBe(false);
    expect(e.explanation).toBe('omzet 2023 € 499.999,99 < € 500.000');
  });

  it('149 clients in one year is out', () => {
    const e = entry(twoYears('aanbieder-003', 750_000, 149, [750_000, 300]), 'aanbieder-003');
    expect(e.member).toBe(false);
    expect(e.explanation).toBe('cliënten 2022 149 < 150');
  });

  it('only one of the two years in the billing data is out', () => {
    const onlyLast = entry([row('aanbieder-004', 2023, 2_000_000, 900)], 'aanbieder-004');
    expect(onlyLast.member).toBe(false);
    expect(onlyLast.explanation).toBe('geen facturatiegegevens over 2022');
    expect(onlyLast.years).toEqual({ 2022: null, 2023: { revenueEur: 2_000_000, clients: 900 } });
    const olderYearDoesNotCount = entry([row('aanbieder-005', 2021, 900_000, 400), row('aanbieder-005', 2023, 900_000, 400)], 'aanbieder-005');
    expect(olderYearDoesNotCount.member).toBe(false);
  });

  it('the list for year Y uses the billing data of Y-2 and Y-1 only', () => {
    const rows = [...twoYears('aanbieder-006', 800_000, 200), row('aanbieder-006', 2024, 10, 1), row('aanbieder-007', 2024, 9_000_000, 999)];
    const list = computeMembership({ rows, year: 2024, table: 'fysiek' });
    expect(list.basedOn).toEqual([2022, 2023]);
    expect(list.members).toEqual(['aanbieder-006']);
    expect(list.entries.map((e) => e.provider)).toEqual(['aanbieder-006']); // 2024 data alone is no candidate
  });

  it('every failing criterion is named', () => {
    const e = entry(twoYears('aanbieder-008', 480_000, 120), 'aanbieder-008');
    expect(e.explanation).toBe('omzet 2022 € 480.000 < € 500.000; cliënten 2022 120 < 150; omzet 2023 € 480.000 < € 500.000; cliënten 2023 120 < 150');
  });
});

describe('board table: two years in a row revenue >= EUR 1,000,000 and >= 150 clients', () => {
  it('exactly EUR 1,000,000 and 150 clients is in; 999,999.99 or 149 clients or one year missing is out', () => {
    const rows = [
      ...twoYears('aanbieder-010', 1_000_000, 150),
      ...twoYears('aanbieder-011', 1_000_000, 150, [999_999.99, 150]),
      ...twoYears('aanbieder-012', 1_500_000, 149, [1_500_000, 150]),
      row('aanbieder-013', 2023, 5_000_000, 1000),
    ];
    const list = computeMembership({ rows, year: 2024, table: 'bestuurlijk' });
    expect(list.thresholds).toEqual(THRESHOLDS.bestuurlijk);
    expect(list.members).toEqual(['aanbieder-010']);
    expect(entry(rows, 'aanbieder-011', 'bestuurlijk').explanation).toBe('omzet 2023 € 999.999,99 < € 1.000.000');
    expect(entry(rows, 'aanbieder-012', 'bestuurlijk').explanation).toBe('cliënten 2022 149 < 150');
    expect(entry(rows, 'aanbieder-013', 'bestuurlijk').explanation).toBe('geen facturatiegegevens over 2022');
  });

  it('a provider at the physical table with EUR 600,000 is not at the board table', () => {
    const rows = twoYears('aanbieder-014', 600_000, 400);
    expect(entry(rows, 'aanbieder-014', 'fysiek').member).toBe(true);
    expect(entry(rows, 'aanbieder-014', 'bestuurlijk').member).toBe(false);
  });
});

describe('invitations by the commissioning body', () => {
  it('an invited provider is in, with reason "uitgenodigd door opdrachtgever", also without billing data', () => {
    const rows = twoYears('aanbieder-020', 100_000, 20);
    const list = computeMembership({ rows, year: 2024, table: 'fysiek', invited: ['aanbieder-020', 'aanbieder-021'] });
    expect([...list.members].sort()).toEqual(['aanbieder-020', 'aanbieder-021']);
    const invited = list.entries.find((e) => e.provider === 'aanbieder-020')!;
    expect(invited).toMatchObject({ member: true, basis: 'uitgenodigd' });
    expect(invited.explanation).toMatch(/^uitgenodigd door opdrachtgever/);
    expect(invited.explanation).toContain('omzet 2022 € 100.000 < € 500.000');
    const noData = list.entries.find((e) => e.provider === 'aanbieder-021')!;
    expect(noData).toMatchObject({ member: true, basis: 'uitgenodigd', name: 'aanbieder-021' });
  });

  it('an invited provider that meets the criteria is in on the criteria', () => {
    const e = entry(twoYears('aanbieder-022', 700_000, 200), 'aanbieder-022', 'fysiek', ['aanbieder-022']);
    expect(e.basis).toBe('criteria');
    expect(e.explanation).toContain('(ook uitgenodigd door opdrachtgever)');
  });
});

describe('presentation', () => {
  it('members first, then by name; the latest name is shown', () => {
    const rows = [row('b-1', 2022, 1, 1, 'Beta'), row('b-1', 2023, 1, 1, 'Beta'), ...twoYears('a-1', 600_000, 200), row('c-1', 2022, 600_000, 200, 'Oude naam'), row('c-1', 2023, 600_000, 200, 'Nieuwe naam')];
    const list = computeMembership({ rows, year: 2024, table: 'fysiek' });
    expect(list.entries.map((e) => [e.provider, e.name, e.member])).toEqual([
      ['a-1', 'A-1', true],
      ['c-1', 'Nieuwe naam', true],
      ['b-1', 'Beta', false],
    ]);
  });

  it('euros in Dutch notation', () => {
    expect(formatEuro(480_000)).toBe('€ 480.000');
    expect(formatEuro(499_999.99)).toBe('€ 499.999,99');
    expect(formatEuro(1_000_000)).toBe('€ 1.000.000');
    expect(formatEuro(0.5)).toBe('€ 0,50');
    expect(formatEuro(999)).toBe('€ 999');
  });
});

describe("the README's sample billing file (config/billing.example.csv)", () => {
  it('reads, and gives the 2027 tables the README walks through: two physical members, one board member', async () => {
    const { readFileSync } = await import('node:fs');
    const { parseBillingCsv } = await import('../../tables/index.ts');
    const parsed = parseBillingCsv(readFileSync(new URL('../../config/billing.example.csv', import.meta.url), 'utf8'));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const members = (table: MembershipTable) => [...computeMembership({ table, year: 2027, rows: parsed.rows }).members].sort();
    expect(members('fysiek')).toEqual(['jeugdhulp-west', 'zorg-oost']);
    expect(members('bestuurlijk')).toEqual(['zorg-oost']);
  });
});
