// Server-side sessions (in memory) with a synchronizer CSRF token each, and the log-in rate limiter.
// The cookie holds only a random session id: Secure, HttpOnly, SameSite=Lax, Path=/.
// Sessions live in this process: a restart logs everyone out; several console instances need a shared
// store (put one behind the same interface).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { User } from './users.ts';

export const SESSION_COOKIE = 'jf_session';
export const CSRF_HEADER = 'x-csrf-token';
export const CSRF_FIELD = '_csrf';

export interface Session {
  id: string;
  csrfToken: string;
  /** Set once logged in. */
  userId?: string;
  /** A user authenticated elsewhere (e.g. OpenID Connect), kept with the session instead of looked up in the users file. */
  user?: User;
  createdAt: number;
  lastSeenAt: number;
}

export interface SessionStoreOptions {
  /** Logged out after this long without a request. Default 60 minutes. */
  idleMs?: number;
  /** Logged out this long after log-in whatever happens. Default 10 hours. */
  absoluteMs?: number;
  /** At most this many sessions (oldest anonymous ones go first). Default 20 000. */
  maxSessions?: number;
  now?: () => number;
}

const token = () => randomBytes(32).toString('base64url');

export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  private readonly idleMs: number;
  private readonly absoluteMs: number;
  private readonly maxSessions: number;
  private readonly now: () => number;

  constructor(opts: SessionStoreOptions = {}) {
    this.idleMs = opts.idleMs ?? 60 * 60_000;
    this.absoluteMs = opts.absoluteMs ?? 10 * 60 * 60_000;
    this.maxSessions = opts.maxSessions ?? 20_000;
    this.now = opts.now ?? Date.now;
  }

  create(userId?: string, user?: User): Session {
    if (this.sessions.size >= this.maxSessions) this.evict();
    const now = this.now();
    const session: Session = { id: token(), csrfToken: token(), createdAt: now, lastSeenAt: now, ...(userId ? { userId } : {}), ...(user ? { user } : {}) };
    this.sessions.set(session.id, session);
    return session;
  }

  /** The live session with this id (touching it), or undefined when unknown or expired. */
  get(id: string | undefined): Session | undefined {
    if (!id) return undefined;
    const session = this.sessions.get(id);
    if (!session) return undefined;
    const now = this.now();
    if (now - session.lastSeenAt > this.idleMs || now - session.createdAt > this.absoluteMs) {
      this.sessions.delete(id);
      return undefined;
    }
    session.lastSeenAt = now;
    return session;
  }

  /** Log-in: a fresh id and CSRF token (no session fixation); the old session ends. */
  login(old: Session | undefined, userId: string, user?: User): Session {
    if (old) this.sessions.delete(old.id);
    return this.create(userId, user);
  }

  destroy(id: string): void {
    this.sessions.delete(id);
  }

  get size(): number {
    return this.sessions.size;
  }

  private evict(): void {
    const now = this.now();
    for (const [id, s] of this.sessions) {
      if (now - s.lastSeenAt > this.idleMs || now - s.createdAt > this.absoluteMs) this.sessions.delete(id);
    }
    if (this.sessions.size < this.maxSessions) return;
    for (const [id, s] of this.sessions) {
      if (!s.userId) {
        this.sessions.delete(id);
        if (this.sessions.size < this.maxSessions) return;
      }
    }
    // Only logged-in sessions left: the oldest goes.
    const oldest = this.sessions.keys().next();
    if (!oldest.done) this.sessions.delete(oldest.value);
  }
}

/** Constant-time comparison of the session's CSRF token with the one the request carries. */
export function csrfMatches(session: Session | undefined, given: unknown): boolean {
  if (!session || typeof given !== 'string' || given.length === 0) return false;
  const a = Buffer.from(session.csrfToken);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export interface LoginLimits {
  /** Failed attempts per user name and client address within the window. Default 5. */
  maxFailuresPerUser?: number;
  /** Attempts per client address within the window. Default 50. */
  maxAttemptsPerAddress?: number;
  /** Default 15 minutes. */
  windowMs?: number;
  now?: () => number;
}

interface Window {
  count: number;
  resetAt: number;
}

/** Fixed-window limiter for log-in: too many failures for one user name, or too many attempts from one address. */
export class LoginLimiter {
  private readonly failures = new Map<string, Window>();
  private readonly attempts = new Map<string, Window>();
  private readonly maxFailures: number;
  private readonly maxAttempts: number;
  private readonly windowMs: number;
  private readonly now: () => number;

  constructor(opts: LoginLimits = {}) {
    this.maxFailures = opts.maxFailuresPerUser ?? 5;
    this.maxAttempts = opts.maxAttemptsPerAddress ?? 50;
    this.windowMs = opts.windowMs ?? 15 * 60_000;
    this.now = opts.now ?? Date.now;
  }

  private current(map: Map<string, Window>, key: string): Window {
    const now = this.now();
    let w = map.get(key);
    if (!w || w.resetAt <= now) {
      w = { count: 0, resetAt: now + this.windowMs };
      map.set(key, w);
    }
    if (map.size > 100_000) for (const [k, v] of map) if (v.resetAt <= now) map.delete(k);
    return w;
  }

  /** Counts an attempt; returns the seconds to wait when the attempt must be refused. */
  attempt(address: string, userName: string): number | undefined {
    const byAddress = this.current(this.attempts, address);
    const byUser = this.current(this.failures, `${address}\u0000${userName.trim().toLowerCase()}`);
    const wait = (w: Window) => Math.max(1, Math.ceil((w.resetAt - this.now()) / 1000));
    if (byUser.count >= this.maxFailures) return wait(byUser);
    if (byAddress.count >= this.maxAttempts) return wait(byAddress);
    byAddress.count++;
    return undefined;
  }

  failed(address: string, userName: string): void {
    this.current(this.failures, `${address}\u0000${userName.trim().toLowerCase()}`).count++;
  }

  succeeded(address: string, userName: string): void {
    this.failures.delete(`${address}\u0000${userName.trim().toLowerCase()}`);
  }
}
