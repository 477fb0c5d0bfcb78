// The event the benchmarks send: a hearing recorded, with round-numbered texts (no personal data).
// Its own module: the pure section compiles it into a bundle without the Temporal client.

/**
 * The i-th event of a case: `hearing.recorded`, which the ladder accepts in every open state, so any
 * number of events walks the real machine (role check, zod schema, guard, context update, history).
 */
export function benchEvent(i: number) {
  return {
    type: 'hearing.recorded',
    payload: { date: '2026-01-05', providerPosition: `Standpunt aanbieder, ronde ${i + 1}`, findings: `Bevindingen onderzoek, ronde ${i + 1}` },
  };
}
