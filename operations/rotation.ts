// The rotation register: contract managers' assignments to providers and their former employers, in the
// shared store (jf_rotation_*). Every change is decided by the pure rules of machines/rotation.ts inside one
// transaction (serialised by an advisory lock), so a refused assignment writes nothing and two people
// assigning at once cannot together break a pair. User ids and provider codes only, never names.
import type { Queryable, Store } from '../store/types.ts';
import {
  assignSchema,
  decideAssignment,
  decideEnd,
  employmentSchema,
  endSchema,
  reviewRotation,
  ROTATION_SEED,
  type AssignPlan,
  type Assignment,
  type FormerEmployment,
  type Position,
  type RotationDecision,
  type RotationFinding,
  type RotationState,
  type TermStatus,
} from '../machines/rotation.ts';
import { ProcedureError } from '../workflows/errors.ts';
import type { ZodError } from 'zod';

// Any constant: the key of the advisory lock that serialises rotation changes across instances.
const ROTATION_LOCK = 4_247_110_214;

interface AssignmentRow {
  id: number;
  user_id: string;
  provider: string;
  position: number;
  from_date: string;
  until_date: string | null;
}

export interface RotationResult<P> extends RotationDecision<P> {
  /** True when the change was written. */
  applied: boolean;
}

export interface RotationRegister {
  list(): Promise<{ assignments: Assignment[]; employment: FormerEmployment[] }>;
  assign(request: unknown, opts: { actor: string; today: string }): Promise<RotationResult<AssignPlan>>;
  end(request: unknown, opts: { actor: string }): Promise<RotationResult<{ ends: { id: number; until: string }[] }>>;
  recordEmployment(request: unknown, opts: { actor: string }): Promise<void>;
  check(today: string): Promise<{ violations: RotationFinding[]; warnings: RotationFinding[]; terms: TermStatus[] }>;
}

/** A refused request: INVALID_PAYLOAD naming the field, in Dutch. */
function invalid(err: ZodError, what: string): ProcedureError {
  const issue = err.issues[0]!;
  const field = issue.path.join('.') || '(invoer)';
  return new ProcedureError({ code: 'INVALID_PAYLOAD', message: `Ongeldige ${what}: ${field}: ${issue.message}`, field, rule: ROTATION_SEED });
}

async function load(db: Queryable): Promise<RotationState> {
  const rows = await db.query<AssignmentRow>('SELECT id, user_id, provider, position, from_date, until_date FROM jf_rotation_assignments ORDER BY provider, from_date, position, id');
  const emp = await db.query<{ user_id: string; provider: string; left_on: string }>('SELECT user_id, provider, left_on FROM jf_rotation_former_employers ORDER BY user_id, provider, left_on');
  return {
    assignments: rows.map((r) => ({
      id: Number(r.id),
      userId: r.user_id,
      provider: r.provider,
      position: Number(r.position) as Position,
      from: r.from_date,
      ...(r.until_date !== null ? { until: r.until_date } : {}),
    })),
    employment: emp.map((e) => ({ userId: e.user_id, provider: e.provider, leftOn: e.left_on })),
  };
}

export function createRotationRegister(store: Store | Promise<Store>, opts: { now?: () => number } = {}): RotationRegister {
  const db = Promise.resolve(store);
  db.catch(() => {});
  const now = opts.now ?? Date.now;
  const locked = async <T>(fn: (tx: Queryable) => Promise<T>) =>
    (await db).transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [ROTATION_LOCK]);
      return fn(tx);
    });
  return {
    async list() {
      const state = await load(await db);
      return { assignments: [...state.assignments], employment: [...state.employment] };
    },
    async assign(input, { actor, today }) {
      const parsed = assignSchema.safeParse(input);
      if (!parsed.success) throw invalid(parsed.error, 'toewijzing');
      return locked(async (tx) => {
        const decision = decideAssignment(parsed.data, await load(tx), today);
        if (!decision.plan) return { ...decision, applied: false };
        for (const e of decision.plan.ends) await tx.query('UPDATE jf_rotation_assignments SET until_date = $1 WHERE id = $2', [e.until, e.id]);
        for (const a of decision.plan.adds) {
          await tx.query(
            'INSERT INTO jf_rotation_assignments (user_id, provider, position, from_date, until_date, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
            [a.userId, a.provider, a.position, a.from, a.until ?? null, actor, now()],
          );
        }
        return { ...decision, applied: true };
      });
    },
    async end(input, { actor: _actor }) {
      const parsed = endSchema.safeParse(input);
      if (!parsed.success) throw invalid(parsed.error, 'beëindiging');
      return locked(async (tx) => {
        const decision = decideEnd(parsed.data, await load(tx));
        if (!decision.plan) return { ...decision, applied: false };
        for (const e of decision.plan.ends) await tx.query('UPDATE jf_rotation_assignments SET until_date = $1 WHERE id = $2', [e.until, e.id]);
        return { ...decision, applied: true };
      });
    },
    async recordEmployment(input, { actor }) {
      const parsed = employmentSchema.safeParse(input);
      if (!parsed.success) throw invalid(parsed.error, 'vorige werkgever');
      await (await db).query(
        'INSERT INTO jf_rotation_former_employers (user_id, provider, left_on, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING',
        [parsed.data.userId, parsed.data.provider, parsed.data.leftOn, actor, now()],
      );
    },
    async check(today) {
      return reviewRotation(await load(await db), today);
    },
  };
}
