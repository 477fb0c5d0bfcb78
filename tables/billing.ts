// Billing data (facturatiegegevens) per provider and year, imported from CSV: all or nothing.
// Columns: provider,name,year,revenue_eur,clients (header required, any order, no others).
// A small strict RFC 4180 reader (quoted fields with "" escapes, CRLF or LF); no dependency.
import { z } from 'zod';
import { isCode } from '../machines/proposalLifecycleMachine.ts';

export const BILLING_COLUMNS = ['provider', 'name', 'year', 'revenue_eur', 'clients'] as const;
export type BillingColumn = (typeof BILLING_COLUMNS)[number];

export interface BillingRow {
  provider: string;
  name: string;
  year: number;
  /** Euros, at most two decimals. */
  revenueEur: number;
  clients: number;
  /** Line in the CSV file (1 = header). */
  line: number;
}

export interface CsvError {
  /** Physical line number in the file (1 = header); for a quoted field spanning lines, the line its record starts on. */
  line: number;
  /** Column name, or `header` / `row` for problems of the header or the row's shape. */
  field: BillingColumn | 'header' | 'row';
  message: string;
}

export type BillingImport = { ok: true; rows: BillingRow[] } | { ok: false; errors: CsvError[] };

/** One CSV line as strings, validated field by field. */
export const billingRecordSchema = z.strictObject({
  provider: z.string().refine(isCode, 'expected a provider code: lower-case letters, digits and hyphens (e.g. aanbieder-042)'),
  name: z.string().trim().min(1, 'name is empty').max(200, 'name is longer than 200 characters'),
  year: z
    .string()
    .regex(/^\d{4}$/, 'expected a year as four digits (e.g. 2024)')
    .transform(Number)
    .pipe(z.number().int().min(2000, 'year before 2000').max(2100, 'year after 2100')),
  revenue_eur: z
    .string()
    .regex(/^\d{1,12}(\.\d{1,2})?$/, "expected a non-negative amount in euros with '.' as decimal separator and at most two decimals (e.g. 512345.67)")
    .transform(Number),
  clients: z
    .string()
    .regex(/^\d{1,9}$/, 'expected a non-negative whole number')
    .transform(Number),
});

interface RawRecord {
  line: number;
  fields: string[];
}

/** Splits CSV text into records. Quoted fields may hold commas, quotes ("") and line breaks. */
export function readCsvRecords(text: string): { records: RawRecord[]; errors: CsvError[] } {
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: RawRecord[] = [];
  const errors: CsvError[] = [];
  let line = 1;
  let i = 0;
  while (i < src.length) {
    const startLine = line;
    const fields: string[] = [];
    let field = '';
    let broken: string | undefined;
    // One record.
    for (;;) {
      if (src[i] === '"') {
        // Quoted field.
        i++;
        let closed = false;
        while (i < src.length) {
          const c = src[i]!;
          if (c === '"') {
            if (src[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            closed = true;
            break;
          }
          if (c === '\n') line++;
          field += c;
          i++;
        }
        if (!closed) {
          broken = 'unterminated quoted field';
          break;
        }
        if (i < src.length && src[i] !== ',' && src[i] !== '\n' && src[i] !== '\r') {
          broken = 'unexpected character after a closing quote';
        }
      }
      // Unquoted part (or the rest after a bad quote).
      while (i < src.length && src[i] !== ',' && src[i] !== '\n' && !(src[i] === '\r' && src[i + 1] === '\n')) {
        if (src[i] === '"') broken ??= 'quote inside an unquoted field';
        field += src[i];
        i++;
      }
      fields.push(field);
      field = '';
      if (i < src.length && src[i] === ',') {
        i++;
        continue;
      }
      break;
    }
    if (broken) {
      errors.push({ line: startLine, field: 'row', message: broken });
      // Skip to the end of the physical line.
      while (i < src.length && src[i] !== '\n') i++;
    }
    if (src[i] === '\r') i++;
    if (src[i] === '\n') {
      i++;
      line++;
    }
    if (!broken && !(fields.length === 1 && fields[0] === '')) records.push({ line: startLine, fields });
  }
  return { records, errors };
}

/**
 * Reads and validates billing CSV. Every bad row is reported by line and field; when any row is bad,
 * nothing is imported. A provider+year that occurs twice is an error on the later line.
 */
export function parseBillingCsv(text: string): BillingImport {
  const { records, errors } = readCsvRecords(text);
  const header = records.shift();
  if (!header) return { ok: false, errors: [...errors, { line: 1, field: 'header', message: `empty file: expected a header ${BILLING_COLUMNS.join(',')}` }] };
  const names = header.fields.map((f) => f.trim());
  const missing = BILLING_COLUMNS.filter((c) => !names.includes(c));
  const unknown = names.filter((n) => !(BILLING_COLUMNS as readonly string[]).includes(n));
  const duplicated = names.filter((n, i) => names.indexOf(n) !== i);
  if (missing.length || unknown.length || duplicated.length) {
    const parts = [
      missing.length ? `missing column(s) ${missing.join(', ')}` : '',
      unknown.length ? `unknown column(s) ${unknown.join(', ')}` : '',
      duplicated.length ? `duplicate column(s) ${duplicated.join(', ')}` : '',
    ].filter(Boolean);
    return { ok: false, errors: [{ line: header.line, field: 'header', message: `${parts.join('; ')}; expected ${BILLING_COLUMNS.join(',')}` }, ...errors] };
  }
  const rows: BillingRow[] = [];
  const seen = new Map<string, number>();
  for (const record of records) {
    if (record.fields.length !== names.length) {
      errors.push({ line: record.line, field: 'row', message: `expected ${names.length} fields, found ${record.fields.length}` });
      continue;
    }
    const raw = Object.fromEntries(names.map((n, i) => [n, record.fields[i]!]));
    const parsed = billingRecordSchema.safeParse(raw);
    if (!parsed.success) {
      const byField = new Map<string, string>();
      for (const issue of parsed.error.issues) {
        const f = String(issue.path[0] ?? 'row');
        if (!byField.has(f)) byField.set(f, issue.message);
      }
      for (const column of [...BILLING_COLUMNS, 'row'] as const) {
        const message = byField.get(column);
        if (message !== undefined) errors.push({ line: record.line, field: column, message: `${message} (got '${raw[column] ?? ''}')` });
      }
      continue;
    }
    const row = parsed.data;
    const key = `${row.provider}|${row.year}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      errors.push({ line: record.line, field: 'year', message: `duplicate: ${row.provider} already has a row for ${row.year} on line ${earlier}` });
      continue;
    }
    seen.set(key, record.line);
    rows.push({ provider: row.provider, name: row.name.trim(), year: row.year, revenueEur: row.revenue_eur, clients: row.clients, line: record.line });
  }
  if (errors.length > 0) return { ok: false, errors: errors.sort((a, b) => a.line - b.line || BILLING_COLUMNS.indexOf(a.field as BillingColumn) - BILLING_COLUMNS.indexOf(b.field as BillingColumn)) };
  return { ok: true, rows };
}

/** One line per error: `line N, field F: message`. */
export function formatCsvError(e: CsvError): string {
  return `line ${e.line}, field ${e.field}: ${e.message}`;
}
