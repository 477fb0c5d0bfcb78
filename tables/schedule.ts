// The yearly schedule of development tables (000/001 §3.3, §3.4): four physical tables a year, of
// which Q2 and Q4 always carry the half-year and year monitoring, and a board table at least twice a year.
import { quarterOf, type Quarter, type Table } from './model.ts';

export type Monitoring = 'halfjaarmonitoring' | 'jaarmonitoring';

/**
 * Which monitoring a quarter carries. The seed: "In Q2 en Q4 staat altijd de overall halfjaar en jaar
 * monitoring geagendeerd". **(choice)** read in the sentence's order: Q2 the half-year, Q4 the year
 * monitoring. Pass another mapping when SOJ plans it the other way round.
 */
export const DEFAULT_MONITORING: Readonly<Partial<Record<Quarter, Monitoring>>> = { 2: 'halfjaarmonitoring', 4: 'jaarmonitoring' };

/** The planned quarter of a table: its `quarter` in the basic planning, else the quarter of its date. */
export function plannedQuarter(table: Pick<Table, 'quarter' | 'date'>): Quarter {
  return table.quarter ?? quarterOf(table.date);
}

/**
 * The monitoring on the agenda of a table: only the general physical table carries the "overall"
 * monitoring (**choice**: segment tables and digital or board tables carry none).
 */
export function monitoringFor(table: Pick<Table, 'type' | 'scope' | 'quarter' | 'date'>, mapping = DEFAULT_MONITORING): Monitoring | undefined {
  if (table.type !== 'fysiek' || table.scope !== 'algemeen') return undefined;
  return mapping[plannedQuarter(table)];
}

export const PHYSICAL_TABLES_PER_YEAR = 4;
export const MIN_BOARD_TABLES_PER_YEAR = 2;

export interface ScheduleViolation {
  code: 'fysiek-aantal' | 'fysiek-kwartaal-ontbreekt' | 'bestuurlijk-aantal';
  /** Dutch. */
  message: string;
  rule: string;
}

/** Checks a year's schedule; an empty list means it follows §3.3 and §3.4. Tables of other years are ignored. */
export function checkYearSchedule(year: number, tables: readonly Table[], mapping = DEFAULT_MONITORING): ScheduleViolation[] {
  const ofYear = tables.filter((t) => t.date.startsWith(`${year}-`));
  const physical = ofYear.filter((t) => t.type === 'fysiek' && t.scope === 'algemeen');
  const board = ofYear.filter((t) => t.type === 'bestuurlijk');
  const violations: ScheduleViolation[] = [];
  if (physical.length < PHYSICAL_TABLES_PER_YEAR) {
    violations.push({
      code: 'fysiek-aantal',
      message: `${year}: ${physical.length} fysieke ontwikkeltafel(s) gepland, vier per jaar verwacht`,
      rule: '000/001 §3.3 (vier keer per jaar een fysieke ontwikkeltafel)',
    });
  }
  // SOJ may deviate from the basic planning (§3.3), but Q2 and Q4 "always" carry the monitoring.
  const quarters = new Set(physical.map(plannedQuarter));
  for (const [q, monitoring] of Object.entries(mapping)) {
    if (quarters.has(Number(q) as Quarter)) continue;
    violations.push({
      code: 'fysiek-kwartaal-ontbreekt',
      message: `${year}: geen fysieke ontwikkeltafel in Q${q}, waar de ${monitoring} altijd geagendeerd staat`,
      rule: '000/001 §3.3 (in Q2 en Q4 staat altijd de halfjaar- en jaarmonitoring geagendeerd)',
    });
  }
  if (board.length < MIN_BOARD_TABLES_PER_YEAR) {
    violations.push({
      code: 'bestuurlijk-aantal',
      message: `${year}: ${board.length} bestuurlijke ontwikkeltafel(s) gepland, tenminste twee per jaar vereist`,
      rule: '000/001 §3.4 (tenminste tweemaal per jaar een bestuurlijke dialoogtafel)',
    });
  }
  return violations;
}
