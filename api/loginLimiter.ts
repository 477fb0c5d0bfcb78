// The log-in rate limiter: too many failed log-ins for one user name from one client address, or from
// one address altogether, and the next attempt waits until the window ends.
//
// An attempt is counted BEFORE the (slow, async) password check: `reserve` takes a slot in both
// windows at once, synchronously, so twenty parallel tries cannot all pass the check while none has
// failed yet. A failure keeps its slot; a success gives the address slot back and clears the user's
// failures (a successful log-in does not use up the budget, and resets it). Only failures count.
// In memory, per console process (a shared store would have to reserve atomically the same way).

export interface LoginLimits {
  /** Failed attempts per user name and client address within the window. Default 5. */
  maxFailuresPerUser?: number;
  /** Failed attempts per client address (all user names) within the window. Default 50. */
  maxFailuresPerAddress?: number;
  /** @deprecated the old name of maxFailuresPerAddress (successes no longer count). */
  maxAttemptsPerAddress?: number;
  /** Length of the fixed window. Default 15 minutes. */
  windowMs?: number;
  now?: () => number;
}

interface Window {
  count: number;
  resetAt: number;
}

/** A reserved attempt: tell the limiter how it ended. Settling twice does nothing. */
export interface LoginAttempt {
  /** Right password: the address slot is released and the user's failures are forgotten. */
  succeeded(): void;
  /** Wrong password or unknown user: the slot stays taken until the window ends. */
  failed(): void;
}

export type Reservation = { ok: true; attempt: LoginAttempt } | { ok: false; waitSeconds: number; reason: 'user' | 'address' };

const MAX_KEYS = 100_000;

export class LoginLimiter {
  private readonly byUser = new Map<string, Window>();
  private readonly byAddress = new Map<string, Window>();
  readonly maxFailuresPerUser: number;
  readonly maxFailuresPerAddress: number;
  readonly windowMs: number;
  private readonly now: () => number;

  constructor(opts: LoginLimits = {}) {
    this.maxFailuresPerUser = opts.maxFailuresPerUser ?? 5;
    this.maxFailuresPerAddress = opts.maxFailuresPerAddress ?? opts.maxAttemptsPerAddress ?? 50;
    this.windowMs = opts.windowMs ?? 15 * 60_000;
    this.now = opts.now ?? Date.now;
  }

  /**
   * Counts the attempt now (before the password is checked) or refuses it with the seconds to wait.
   * Synchronous on purpose: check and count cannot be interleaved by another request.
   */
  reserve(address: string, userName: string): Reservation {
    const userKey = `${address}\u0000${userName.trim().toLowerCase()}`;
    const user = this.current(this.byUser, userKey);
    const addr = this.current(this.byAddress, address);
    if (user.count >= this.maxFailuresPerUser) return { ok: false, waitSeconds: this.wait(user), reason: 'user' };
    if (addr.count >= this.maxFailuresPerAddress) return { ok: false, waitSeconds: this.wait(addr), reason: 'address' };
    user.count++;
    addr.count++;
    let settled = false;
    return {
      ok: true,
      attempt: {
        succeeded: () => {
          if (settled) return;
          settled = true;
          // Only the window the slot was taken in gives it back (a new window started at 0).
          if (this.byAddress.get(address) === addr && addr.count > 0) addr.count--;
          if (this.byUser.get(userKey) === user) this.byUser.delete(userKey);
        },
        failed: () => {
          settled = true;
        },
      },
    };
  }

  private wait(w: Window): number {
    return Math.max(1, Math.ceil((w.resetAt - this.now()) / 1000));
  }

  private current(map: Map<string, Window>, key: string): Window {
    const now = this.now();
    let w = map.get(key);
    if (!w || w.resetAt <= now) {
      w = { count: 0, resetAt: now + this.windowMs };
      map.set(key, w);
    }
    if (map.size > MAX_KEYS) for (const [k, v] of map) if (v.resetAt <= now) map.delete(k);
    return w;
  }
}

/** "Probeer het over 14 minuten opnieuw": how long to wait, in Dutch. */
export function waitInDutch(seconds: number): string {
  if (seconds < 60) return `${seconds} ${seconds === 1 ? 'seconde' : 'seconden'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} ${minutes === 1 ? 'minuut' : 'minuten'}`;
}

/** The Dutch refusal of a limited log-in, saying how long to wait. */
export function rateLimitedMessage(waitSeconds: number): string {
  return `Te veel mislukte inlogpogingen. Probeer het over ${waitInDutch(waitSeconds)} opnieuw.`;
}
