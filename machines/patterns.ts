// Shapes of law that several procedures share, as small pure helpers for machine configs. Like the
// machines: only xstate, zod and ./types.ts.
import type { StateMeta } from './types.ts';

export interface OverdueOptions<TActions, TOverdue> {
  /** The expiry event of the state's deadline (the engine sends it once, when the term ends). */
  onExpiry: string;
  /** Actions on expiry: mark the term overdue in the context (and possibly notify). */
  markOverdue: TActions;
  /** The child once the term has ended: its meta says so, its `on` what that allows in addition. */
  overdue: TOverdue;
  /** Meta of the child while the term runs; default the state's own label and waitingOn. */
  pending?: StateMeta;
  /** Key of the child while the term runs (default `pending`). */
  pendingKey?: string;
}

/**
 * A state whose deadline stays visible once it has ended: `meta` declares the deadline; while the term
 * runs the state rests in its child `pending`, the expiry event moves it to its child `overdue`. The
 * state stays active in both, so its own `on` (spread next to this) applies before and after the term.
 */
export function withOverdue<const TActions, const TOverdue>(
  meta: StateMeta,
  { onExpiry, markOverdue, overdue, pending, pendingKey = 'pending' }: OverdueOptions<TActions, TOverdue>,
) {
  return {
    meta,
    initial: pendingKey,
    states: {
      [pendingKey]: {
        meta: pending ?? { label: meta.label, waitingOn: meta.waitingOn },
        on: { [onExpiry]: { target: 'overdue', actions: markOverdue } },
      },
      overdue,
    },
  };
}
