// Billing CSV import: every bad row reported by line and field; nothing imported when any row is bad.
import { describe, expect, it } from 'vitest';
import { formatCsvError, parseBillingCsv, readCsvRecords } from '../../tables/index.ts';

const HEADER = 'provider,name,year,revenue_eur,clients';
const csv = (...lines: string[]) => [HEADER, ...lines].join('\n') + '\n';

describe('billing CSV: valid input', () => {
  it('imports every row with numbers parsed, names trimmed and the line kept', () => {
    const r = parseBillingCsv(csv('aanbieder-042,Boba Groep BV,2023,512345.67,180', 'aanbieder-077, Timon ,2024,500000,150'));
    expect(r).toEqual({
      ok: true,
      rows: [
        { provider: 'aanbieder-042', name: 'Boba Groep BV', year: 2023, revenueEur: 512345.67, clients: 180, line: 2 },
        { provider: 'aanbieder-077', name: 'Timon', year: 2024, revenueEur: 500000, clients: 150, line: 3 },
      ],
    });
  });

  it('reads quoted names with commas and quotes, CRLF line ends, a BOM, columns in any order and blank lines', () => {
    const text = '\uFEFFname,provider,clients,revenue_eur,year\r\n"Boba Groep, BV",aanbieder-042,180,1000.5,2023\r\n\r\n"De ""Hoop"" GGZ",aanbieder-043,151,2000000,2023\r\n';
    const r = parseBillingCsv(text);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.rows.map((x) => [x.line, x.name, x.revenueEur])).toEqual([
      [2, 'Boba Groep, BV', 1000.5],
      [4, 'De "Hoop" GGZ', 2000000],
    ]);
  });

  it('a quoted name spanning two lines keeps the line numbers of the rows after it right', () => {
    const r = parseBillingCsv(csv('aanbieder-001,"Naam\nmet regeleinde",2023,1,1', 'aanbieder-002,B,2023,x,1'));
    expect(r).toEqual({ ok: false, errors: [{ line: 4, field: 'revenue_eur', message: expect.stringContaining("(got 'x')") }] });
  });
});

describe('billing CSV: errors by line and field, nothing imported', () => {
  it('reports each bad field with its line; the good rows are not imported', () => {
    const r = parseBillingCsv(
      csv(
        'aanbieder-042,Boba Groep BV,2023,512345.67,180',
        'Aanbieder 77,Timon,2023,500000,150', // line 3: provider
        'aanbieder-078,Enver,23,500000,150', // line 4: year
        'aanbieder-079,Yulius,2023,"500,000",150', // line 5: revenue with a comma
        'aanbieder-080,ASVZ,2023,-1,150', // line 6: negative revenue
        'aanbieder-081,Parnassia,2023,1.234,150', // line 7: three decimals
        'aanbieder-082,Eleos,2023,600000,-3', // line 8: negative clients
        'aanbieder-083,Gemiva,2023,600000,150.5', // line 9: clients not whole
        'aanbieder-084,,2023,1e6,', // line 10: empty name, exponent, empty clients
      ),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e.line, e.field])).toEqual([
      [3, 'provider'],
      [4, 'year'],
      [5, 'revenue_eur'],
      [6, 'revenue_eur'],
      [7, 'revenue_eur'],
      [8, 'clients'],
      [9, 'clients'],
      [10, 'name'],
      [10, 'revenue_eur'],
      [10, 'clients'],
    ]);
    expect(formatCsvError(r.errors[0]!)).toBe("line 3, field provider: expected a provider code: lower-case letters, digits and hyphens (e.g. aanbieder-042) (got 'Aanbieder 77')");
    expect('rows' in r).toBe(false);
  });

  it('a provider with two rows for the same year is an error on the later line', () => {
    const r = parseBillingCsv(csv('aanbieder-042,Boba,2023,1,1', 'aanbieder-042,Boba,2024,1,1', 'aanbieder-042,Boba,2023,2,2'));
    expect(r).toEqual({ ok: false, errors: [{ line: 4, field: 'year', message: 'duplicate: aanbieder-042 already has a row for 2023 on line 2' }] });
  });

  it('a row with too few or too many fields is reported as a row error', () => {
    const r = parseBillingCsv(csv('aanbieder-042,Boba,2023,1', 'aanbieder-043,Timon,2023,1,1,extra'));
    expect(r.ok || r.errors.map((e) => [e.line, e.field, e.message])).toEqual([
      [2, 'row', 'expected 5 fields, found 4'],
      [3, 'row', 'expected 5 fields, found 6'],
    ]);
  });

  it('a broken quote is reported on its line', () => {
    const r = parseBillingCsv(csv('aanbieder-042,"Boba"x,2023,1,1', 'aanbieder-043,Ti"mon,2023,1,1'));
    expect(r.ok || r.errors.map((e) => [e.line, e.field])).toEqual([
      [2, 'row'],
      [3, 'row'],
    ]);
    const unterminated = parseBillingCsv(csv('aanbieder-042,"Boba,2023,1,1'));
    expect(unterminated.ok || unterminated.errors).toEqual([{ line: 2, field: 'row', message: 'unterminated quoted field' }]);
  });

  it('the header must name exactly the five columns', () => {
    expect(parseBillingCsv('provider,name,year,revenue,clients\naanbieder-042,Boba,2023,1,1\n')).toEqual({
      ok: false,
      errors: [{ line: 1, field: 'header', message: 'missing column(s) revenue_eur; unknown column(s) revenue; expected provider,name,year,revenue_eur,clients' }],
    });
    expect(parseBillingCsv('').ok).toBe(false);
    expect(parseBillingCsv(`${HEADER},provider\n`).ok).toBe(false);
  });

  it('a header alone is a valid, empty import', () => {
    expect(parseBillingCsv(`${HEADER}\n`)).toEqual({ ok: true, rows: [] });
  });
});

describe('CSV reader', () => {
  it('counts physical lines, skipping empty ones', () => {
    expect(readCsvRecords('a,b\n\nc,"d\ne"\nf,g').records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 3, fields: ['c', 'd\ne'] },
      { line: 5, fields: ['f', 'g'] },
    ]);
  });
});
