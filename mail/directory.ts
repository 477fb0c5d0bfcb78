// Who receives mail: users with their roles, and per provider the contacts that stand for the
// provider-side role. One JSON file, checked with zod. Never anyone's youth: only staff addresses.
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ROLES, ROLE_LABELS, type Role } from '../machines/types.ts';

export const DIRECTORY_FILE_NAME = 'directory.json';
export const EXAMPLE_DIRECTORY_FILE = fileURLToPath(new URL('../config/directory.example.json', import.meta.url));

/** Roles on the provider's side: they resolve to the contacts (and users) of the case's provider. */
export const PROVIDER_ROLES: readonly Role[] = ['aanbieder'];

const providerCode = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$/, 'a provider code: 2–64 letters, digits, . _ -');
const email = z.email('an e-mail address');
const name = z.string().trim().min(1).max(200);

export const directoryUserSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, 'a user id: 2–64 lower-case letters, digits, . _ -'),
    name,
    email,
    roles: z.array(z.enum(ROLES)).min(1),
    /** The user works for this provider: only that provider's cases reach them. */
    provider: providerCode.optional(),
  })
  .strict()
  .refine((u) => !u.roles.some((r) => PROVIDER_ROLES.includes(r)) || u.provider !== undefined, {
    message: "a user with a provider-side role ('aanbieder') needs a provider code",
    path: ['provider'],
  });

export const providerContactSchema = z.object({ role: z.enum(ROLES), name, email }).strict();

export const directorySchema = z
  .object({
    users: z.array(directoryUserSchema),
    providerContacts: z.record(providerCode, z.array(providerContactSchema)).default({}),
  })
  .strict()
  .refine((d) => new Set(d.users.map((u) => u.id)).size === d.users.length, { message: 'user ids must be unique', path: ['users'] });

export type Directory = z.infer<typeof directorySchema>;
export type DirectoryUser = z.infer<typeof directoryUserSchema>;
export type ProviderContact = z.infer<typeof providerContactSchema>;

export class DirectoryError extends Error {
  override name = 'DirectoryError';
}

export function parseDirectory(json: unknown, source = 'inline'): Directory {
  const parsed = directorySchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new DirectoryError(`Invalid directory ${source} at '${issue.path.join('.') || '(root)'}': ${issue.message}`);
  }
  return parsed.data;
}

/** JEUGDFLOW_DIRECTORY if given, else `<dataDir>/directory.json` if present, else the example. */
export function directoryPath(opts: { dataDir: string; explicit?: string | undefined }): string {
  if (opts.explicit) return opts.explicit;
  const inData = join(opts.dataDir, DIRECTORY_FILE_NAME);
  return existsSync(inData) ? inData : EXAMPLE_DIRECTORY_FILE;
}

/** Reads the directory, again only when the file changed (edits apply without a restart). */
export function createDirectoryLoader(resolvePath: () => string): () => Promise<Directory> {
  let cached: { path: string; mtimeMs: number; size: number; directory: Directory } | undefined;
  return async () => {
    const path = resolvePath();
    let info;
    try {
      info = await stat(path);
    } catch (err) {
      throw new DirectoryError(`Cannot read directory ${path}: ${(err as Error).message}`);
    }
    if (cached && cached.path === path && cached.mtimeMs === info.mtimeMs && cached.size === info.size) return cached.directory;
    let json: unknown;
    try {
      json = JSON.parse(await readFile(path, 'utf8'));
    } catch (err) {
      throw new DirectoryError(`Cannot read directory ${path}: ${(err as Error).message}`);
    }
    const directory = parseDirectory(json, path);
    cached = { path, mtimeMs: info.mtimeMs, size: info.size, directory };
    return directory;
  };
}

// ---------------------------------------------------------------------------------------------
// Resolving roles to addresses

export interface Recipient {
  address: string;
  name: string;
  /** The roles this address receives the message for (one message per address). */
  roles: Role[];
  userId?: string;
  via: 'assignee' | 'user' | 'provider-contact';
}

export interface MissingRecipient {
  role: Role;
  reason: 'provider-unknown' | 'no-match';
  /** Dutch, for the dossier and the supervisor board. */
  explanation: string;
}

export interface RecipientQuery {
  roles: readonly Role[];
  /** The case's provider code; without it provider-side roles cannot be resolved. */
  provider?: string | undefined;
  /** Who handles the case per role (supervisor reassignment): preferred over the role's default. */
  assignees?: Partial<Record<Role, string>> | undefined;
}

export interface Resolution {
  recipients: Recipient[];
  missing: MissingRecipient[];
  /** Assignments that could not be honoured (unknown user, other provider): the role's default was used. */
  notes: string[];
}

/** A user may receive a case's mail when they belong to no provider or to the case's provider. */
function eligible(user: DirectoryUser, provider: string | undefined): boolean {
  return user.provider === undefined || user.provider === provider;
}

export function resolveRecipients(directory: Directory, query: RecipientQuery): Resolution {
  const byAddress = new Map<string, Recipient>();
  const missing: MissingRecipient[] = [];
  const notes: string[] = [];
  const add = (role: Role, r: Omit<Recipient, 'roles'>) => {
    const key = r.address.toLowerCase();
    const existing = byAddress.get(key);
    if (existing) {
      if (!existing.roles.includes(role)) existing.roles.push(role);
    } else {
      byAddress.set(key, { ...r, roles: [role] });
    }
  };
  const providerSide = (role: Role) => PROVIDER_ROLES.includes(role);

  for (const role of [...new Set(query.roles)]) {
    const assigned = query.assignees?.[role];
    if (assigned) {
      const user = directory.users.find((u) => u.id === assigned);
      const allowed = user && (providerSide(role) ? user.provider === query.provider : eligible(user, query.provider));
      if (user && allowed) {
        add(role, { address: user.email, name: user.name, userId: user.id, via: 'assignee' });
        continue;
      }
      notes.push(
        user
          ? `Toegewezen ${ROLE_LABELS[role].toLowerCase()} '${assigned}' hoort bij een andere aanbieder; bericht naar de standaardontvangers van de rol`
          : `Toegewezen ${ROLE_LABELS[role].toLowerCase()} '${assigned}' staat niet in het adresboek; bericht naar de standaardontvangers van de rol`,
      );
    }
    let found = 0;
    if (providerSide(role)) {
      if (!query.provider) {
        missing.push({ role, reason: 'provider-unknown', explanation: `Geen ontvanger voor rol ${role}: de aanbieder van de zaak is onbekend` });
        continue;
      }
      for (const c of directory.providerContacts[query.provider] ?? []) {
        if (c.role !== role) continue;
        add(role, { address: c.email, name: c.name, via: 'provider-contact' });
        found++;
      }
      for (const u of directory.users) {
        if (!u.roles.includes(role) || u.provider !== query.provider) continue;
        add(role, { address: u.email, name: u.name, userId: u.id, via: 'user' });
        found++;
      }
    } else {
      for (const u of directory.users) {
        if (!u.roles.includes(role) || !eligible(u, query.provider)) continue;
        add(role, { address: u.email, name: u.name, userId: u.id, via: 'user' });
        found++;
      }
    }
    if (found === 0) {
      const where = providerSide(role) ? ` bij aanbieder ${query.provider}` : '';
      missing.push({ role, reason: 'no-match', explanation: `Geen ontvanger voor rol ${role}${where} in het adresboek` });
    }
  }
  return { recipients: [...byAddress.values()], missing, notes };
}
