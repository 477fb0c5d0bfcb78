// Who sits at the physical and the board development table in year Y (000/001 §3.3, §3.4): two years
// in a row (Y-2 and Y-1) revenue and clients at or above the thresholds, from the billing data; the
// commissioning body may invite more providers. Each provider gets a Dutch explanation.
import type { BillingRow } from './billing.ts';

export type MembershipTable = 'fysiek' | 'bestuurlijk';

export interface Thresholds {
  minRevenueEur: number;
  minClients: number;
}

export const THRESHOLDS: Readonly<Record<MembershipTable, Thresholds>> = {
  fysiek: { minRevenueEur: 500_000, minClients: 150 },
  bestuurlijk: { minRevenueEur: 1_000_000, minClients: 150 },
};

export const MEMBERSHIP_RULES: Readonly<Record<MembershipTable, string>> = {
  fysiek: '000/001 §3.3 (twee jaar op rij omzet ≥ € 500.000 en ≥ 150 cliënten per jaar; jaarlijks herzien; SOJ kan meer aanbieders uitnodigen)',
  bestuurlijk: '000/001 §3.4 (twee jaar op rij omzet ≥ € 1.000.000 en ≥ 150 cliënten per jaar)',
};

export interface YearFigures {
  revenueEur: number;
  clients: number;
}

export interface MembershipEntry {
  provider: string;
  name: string;
  member: boolean;
  basis: 'criteria' | 'uitgenodigd' | 'geen';
  /** Billing figures of the two years the list is based on; `null` when the year is missing. */
  years: Record<number, YearFigures | null>;
  /** Every criterion checked, in Dutch, e.g. "omzet 2024 € 480.000 < € 500.000". */
  checks: { ok: boolean; text: string }[];
  /** One Dutch sentence: why the provider is in or out. */
  explanation: string;
}

export interface MembershipList {
  table: MembershipTable;
  year: number;
  basedOn: [number, number];
  thresholds: Thresholds;
  rule: string;
  entries: MembershipEntry[];
  members: string[];
}

export interface MembershipInput {
  rows: readonly Pick<BillingRow, 'provider' | 'name' | 'year' | 'revenueEur' | 'clients'>[];
  year: number;
  table: MembershipTable;
  /** Providers the commissioning body invites beyond the criteria. */
  invited?: readonly string[];
  thresholds?: Thresholds;
}

const cents = (eur: number) => Math.round(eur * 100);

/** Dutch money: "€ 480.000", "€ 499.999,99". */
export function formatEuro(eur: number): string {
  const c = cents(eur);
  const whole = Math.floor(c / 100);
  const frac = c % 100;
  const grouped = String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `€ ${grouped}${frac ? `,${String(frac).padStart(2, '0')}` : ''}`;
}

/** The yearly list for `year` from the billing data of `year - 2` and `year - 1`. */
export function computeMembership(input: MembershipInput): MembershipList {
  const { year, table } = input;
  const thresholds = input.thresholds ?? THRESHOLDS[table];
  const basedOn: [number, number] = [year - 2, year - 1];
  const invited = new Set(input.invited ?? []);
  const byProvider = new Map<string, { name: string; years: Map<number, YearFigures> }>();
  for (const r of input.rows) {
    if (!basedOn.includes(r.year)) continue;
    const p = byProvider.get(r.provider) ?? { name: r.name, years: new Map() };
    p.years.set(r.year, { revenueEur: r.revenueEur, clients: r.clients });
    if (r.year === basedOn[1]) p.name = r.name; // the latest name
    byProvider.set(r.provider, p);
  }
  for (const code of invited) if (!byProvider.has(code)) byProvider.set(code, { name: code, years: new Map() });

  const entries = [...byProvider.entries()].map(([provider, p]): MembershipEntry => {
    const checks: MembershipEntry['checks'] = [];
    for (const y of basedOn) {
      const f = p.years.get(y);
      if (!f) {
        checks.push({ ok: false, text: `geen facturatiegegevens over ${y}` });
        continue;
      }
      const revenueOk = cents(f.revenueEur) >= cents(thresholds.minRevenueEur);
      checks.push({ ok: revenueOk, text: `omzet ${y} ${formatEuro(f.revenueEur)} ${revenueOk ? '≥' : '<'} ${formatEuro(thresholds.minRevenueEur)}` });
      const clientsOk = f.clients >= thresholds.minClients;
      checks.push({ ok: clientsOk, text: `cliënten ${y} ${f.clients} ${clientsOk ? '≥' : '<'} ${thresholds.minClients}` });
    }
    const meets = checks.every((c) => c.ok);
    const failed = checks.filter((c) => !c.ok).map((c) => c.text);
    const isInvited = invited.has(provider);
    const basis: MembershipEntry['basis'] = meets ? 'criteria' : isInvited ? 'uitgenodigd' : 'geen';
    const explanation = meets
      ? `voldoet twee jaar op rij: ${checks.map((c) => c.text).join('; ')}${isInvited ? ' (ook uitgenodigd door opdrachtgever)' : ''}`
      : isInvited
        ? `uitgenodigd door opdrachtgever (criteria niet gehaald: ${failed.join('; ')})`
        : failed.join('; ');
    return {
      provider,
      name: p.name,
      member: basis !== 'geen',
      basis,
      years: Object.fromEntries(basedOn.map((y) => [y, p.years.get(y) ?? null])),
      checks,
      explanation,
    };
  });
  entries.sort((a, b) => Number(b.member) - Number(a.member) || a.name.localeCompare(b.name, 'nl') || a.provider.localeCompare(b.provider));
  return { table, year, basedOn, thresholds, rule: MEMBERSHIP_RULES[table], entries, members: entries.filter((e) => e.member).map((e) => e.provider) };
}
