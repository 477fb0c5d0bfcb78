// Users and roles from a configuration file; passwords hashed with scrypt (node:crypto).
// Hash format: scrypt$<N>$<r>$<p>$<salt base64>$<hash base64>. Make one with `npx tsx api/hashPassword.ts`.
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ROLES, type Role } from '../machines/types.ts';

export const USERS_FILE_NAME = 'users.json';
export const EXAMPLE_USERS_FILE = fileURLToPath(new URL('../config/users.example.json', import.meta.url));

const SCRYPT = { N: 2 ** 15, r: 8, p: 1, keyLength: 32, saltLength: 16 } as const;

export const userSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, 'a user id: 2–64 lower-case letters, digits, . _ -'),
    name: z.string().trim().min(1).max(200),
    roles: z.array(z.enum(ROLES)).min(1),
    /** Provider code: the user belongs to this provider and sees only its cases. */
    provider: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$/).optional(),
    /**
     * Code of the organisation a user who is not a provider's acts for, e.g. `gemeente-dordrecht` for a
     * municipality's policy officer: a proposal's party speaks only for its own organisation.
     */
    organisation: z
      .string()
      .regex(/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/, 'an organisation code: lower-case letters, digits and hyphens, e.g. gemeente-dordrecht')
      .optional(),
    passwordHash: z.string().regex(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/, 'scrypt$N$r$p$salt$hash'),
  })
  .strict()
  .refine((u) => !u.roles.includes('aanbieder') || u.provider !== undefined, {
    message: "a user with role 'aanbieder' needs a provider code",
    path: ['provider'],
  })
  .refine((u) => u.provider === undefined || u.organisation === undefined, {
    message: "a provider's user acts for its provider code; give 'provider' or 'organisation', not both",
    path: ['organisation'],
  });

export const usersFileSchema = z
  .object({ users: z.array(userSchema).min(1) })
  .strict()
  .refine((f) => new Set(f.users.map((u) => u.id)).size === f.users.length, { message: 'user ids must be unique', path: ['users'] });

/** A logged-in person as the API and the console see them (no password hash). */
export interface User {
  id: string;
  name: string;
  roles: Role[];
  provider?: string;
  /** The organisation a user who is not a provider's acts for (a municipality's code). */
  organisation?: string;
}

type StoredUser = z.infer<typeof userSchema>;

function scrypt(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolvePromise, reject) =>
    scryptCallback(password.normalize('NFC'), salt, keyLength, options, (err, key) => (err ? reject(err) : resolvePromise(key))),
  );
}

const maxmem = (N: number, r: number) => 256 * N * r;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SCRYPT.saltLength);
  const key = await scrypt(password, salt, SCRYPT.keyLength, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p, maxmem: maxmem(SCRYPT.N, SCRYPT.r) });
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const [kind, n, r, p, salt, hash] = encoded.split('$');
  if (kind !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const [N, R, P] = [Number(n), Number(r), Number(p)];
  if (!(N > 1 && N <= 2 ** 20 && R >= 1 && R <= 32 && P >= 1 && P <= 16) || expected.length < 16) return false;
  const key = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, { N, r: R, p: P, maxmem: maxmem(N, R) });
  return timingSafeEqual(key, expected);
}

export class UserDirectory {
  private readonly byId: Map<string, StoredUser>;
  /** Verified against when the user id is unknown, so both cases take the same time. */
  private readonly dummyHash: Promise<string>;

  constructor(users: readonly StoredUser[], readonly source = 'inline') {
    this.byId = new Map(users.map((u) => [u.id, u]));
    this.dummyHash = hashPassword(randomBytes(16).toString('hex'));
  }

  static fromJson(json: unknown, source = 'inline'): UserDirectory {
    const parsed = usersFileSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new Error(`Invalid users file ${source}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    }
    return new UserDirectory(parsed.data.users, source);
  }

  static fromFile(file: string): UserDirectory {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new Error(`Cannot read users file ${file}: ${(err as Error).message}`);
    }
    return UserDirectory.fromJson(json, file);
  }

  find(id: string): User | undefined {
    const u = this.byId.get(id);
    return u ? publicUser(u) : undefined;
  }

  get size(): number {
    return this.byId.size;
  }

  all(): User[] {
    return [...this.byId.values()].map(publicUser);
  }

  /** The user when the password is right; undefined otherwise (unknown user and wrong password alike). */
  async authenticate(id: string, password: string): Promise<User | undefined> {
    const stored = this.byId.get(id.trim().toLowerCase());
    const ok = await verifyPassword(password, stored?.passwordHash ?? (await this.dummyHash));
    return stored && ok ? publicUser(stored) : undefined;
  }
}

function publicUser(u: StoredUser): User {
  return { id: u.id, name: u.name, roles: [...u.roles], ...(u.provider ? { provider: u.provider } : {}), ...(u.organisation ? { organisation: u.organisation } : {}) };
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The users for `npm start`: `<JEUGDFLOW_DATA_DIR>/users.json` when it exists, else the example file
 * with its demo accounts — which is refused when the console is served on anything but localhost.
 */
export function loadUsers(opts: { dataDir: string; consoleUrl: string; /** OpenID Connect is configured: no users file means no local users. */ oidc?: boolean }): { users: UserDirectory; example: boolean } {
  const file = resolve(opts.dataDir, USERS_FILE_NAME);
  if (existsSync(file)) return { users: UserDirectory.fromFile(file), example: false };
  const host = new URL(opts.consoleUrl).hostname;
  if (!LOOPBACK.has(host) && opts.oidc) return { users: new UserDirectory([], 'none (OpenID Connect only)'), example: false };
  if (!LOOPBACK.has(host)) {
    throw new Error(
      `No users file at ${file}: the demo accounts of config/users.example.json are only served on localhost (CONSOLE_URL is ${opts.consoleUrl}). Create ${file} (see api/README.md).`,
    );
  }
  return { users: UserDirectory.fromFile(EXAMPLE_USERS_FILE), example: true };
}
