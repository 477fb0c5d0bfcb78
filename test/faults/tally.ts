// Each fault test adds what it checked; globalSetup.ts prints the sum as the closing summary line.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';

export interface Tally {
  test: string;
  cases: number;
  transitions: number;
  lost: number;
  doubled: number;
  /** Errors the senders saw and retried with the same request id. */
  retried?: number;
  workerKills?: number;
  serverRestarts?: number;
  deadlinesFired?: number;
  races?: number;
}

export function addTally(tally: Tally): void {
  const file = join(inject('faultsTallyDir'), `${tally.test.replace(/[^A-Za-z0-9]+/g, '-')}-${Date.now()}.json`);
  writeFileSync(file, JSON.stringify(tally));
  console.log(`${tally.test}: ${formatTally(tally)}`);
}

export function formatTally(t: Omit<Tally, 'test'>): string {
  const extra = [
    t.retried !== undefined ? `${t.retried} errors retried` : '',
    t.workerKills ? `${t.workerKills} worker kills` : '',
    t.serverRestarts ? `${t.serverRestarts} server restarts` : '',
    t.deadlinesFired ? `${t.deadlinesFired} deadlines fired after a kill` : '',
    t.races ? `${t.races} races` : '',
  ].filter(Boolean);
  return `${t.cases} cases, ${t.transitions} transitions checked, ${t.lost} lost, ${t.doubled} doubled${extra.length ? ` (${extra.join(', ')})` : ''}`;
}
