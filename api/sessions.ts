// Server-side sessions with a synchronizer CSRF token each, and the log-in rate limiter.
// The cookie holds only a random session id: Secure, HttpOnly, SameSite=Lax, Path=/.
// Sessions live in the shared store (store/): PGlite in the data folder, or PostgreSQL through
// DATABASE_URL, so a console restart logs nobody out and several console instances share them.
// Every method is async (it asks the store).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { sharedMemoryStore, type Store } from '../store/index.ts';
import { createSessionRepository, type SessionRepository } from '../store/sessions.ts';
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
  /** At most this many sessions (expired ones first, then the oldest anonymous ones go). Default 20 000. */
  maxSessions?: number;
  now?: () => number;
  /** Where sessions live. Default: one in-memory store for this process (tests; nothing shared). */
  store?: Store | Promise<Store>;
}

const token = () => randomBytes(32).toString('base64url');

export class SessionStore {
  private readonly repo: Promise<SessionRepository>;
  private readonly idleMs: number;
  private readonly absoluteMs: number;
  private readonly maxSessions: number;
  private readonly now: () => number;
  private created = 0;

  constructor(opts: SessionStoreOptions = {}) {
    this.idleMs = opts.idleMs ?? 60 * 60_000;
    this.absoluteMs = opts.absoluteMs ?? 10 * 60 * 60_000;
    this.maxSessions = opts.maxSessions ?? 20_000;
    this.now = opts.now ?? Date.now;
    this.repo = Promise.resolve(opts.store ?? sharedMemoryStore()).then(createSessionRepository);
    this.repo.catch(() => {}); // reported at the first use
  }

  private get limits() {
    return { idleMs: this.idleMs, absoluteMs: this.absoluteMs, maxSessions: this.maxSessions };
  }

  async create(userId?: string, user?: User): Promise<Session> {
    const repo = await this.repo;
    const now = this.now();
    // Counting every time would cost a scan per visitor: check the limit every 64th session.
    if (this.created++ % 64 === 0 && (await repo.count()) >= this.maxSessions) await repo.makeRoom(now, this.limits);
    const session: Session = { id: token(), csrfToken: token(), createdAt: now, lastSeenAt: now, ...(userId ? { userId } : {}), ...(user ? { user } : {}) };
    await repo.insert(session);
    return session;
  }

  /** The live session with this id (touching it), or undefined when unknown or expired. */
  async get(id: string | undefined): Promise<Session | undefined> {
    if (!id || id.length > 200) return undefined;
    return (await this.repo).touch<User>(id, this.now(), this.limits);
  }

  /** Log-in: a fresh id and CSRF token (no session fixation); the old session ends. */
  async login(old: Session | undefined, userId: string, user?: User): Promise<Session> {
    if (old) await this.destroy(old.id);
    return this.create(userId, user);
  }

  async destroy(id: string): Promise<void> {
    await (await this.repo).delete(id);
  }

  /** How many sessions the store holds (live or not yet cleaned up). */
  async count(): Promise<number> {
    return (await this.repo).count();
  }
}

/** Constant-time comparison of the session's CSRF token with the one the request carries. */
export function csrfMatches(session: Session | undefined, given: unknown): boolean {
  if (!session || typeof given !== 'string' || given.length === 0) return false;
  const a = Buffer.from(session.csrfToken);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

