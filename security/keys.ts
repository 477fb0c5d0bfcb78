// The key ring: the AES-256 keys that protect youth data in Temporal. The first key writes, every key
// reads (rotation: put a new key first, keep the old ones until nothing encrypted with them is left).
// Each key is a master key; the codec and the personal-data seal use their own purpose key derived
// from it (HKDF-SHA256), so one key never serves two purposes.
import { hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';

/** The key file `npm start` creates in the data folder on first start. */
export const DEV_KEY_FILE_NAME = 'jeugdflow.keys';

export const KEY_ID_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;
const KEY_BYTES = 32;

export type KeyPurpose = 'payload-codec' | 'personal-data' | 'case-key';

/** A key ring failed to load: one line naming the setting, never the key. */
export class KeyRingError extends Error {
  override name = 'KeyRingError';
}

export interface KeyEntry {
  id: string;
  key: Buffer;
}

/** `id:base64key`, one AES-256 key (32 bytes). Parsed by zod; the message never shows the key. */
export const keyEntrySchema = z
  .string()
  .trim()
  .transform((entry, ctx): KeyEntry => {
    const colon = entry.indexOf(':');
    const id = colon < 0 ? '' : entry.slice(0, colon);
    const b64 = colon < 0 ? '' : entry.slice(colon + 1).trim();
    if (!KEY_ID_PATTERN.test(id)) {
      ctx.addIssue({ code: 'custom', message: `a key must be written id:base64key with an id of letters, digits, . _ - (got an entry ${colon < 0 ? 'without a colon' : `with id '${id.slice(0, 64)}'`})` });
      return z.NEVER;
    }
    const key = /^[A-Za-z0-9+/]+={0,2}$/.test(b64) ? Buffer.from(b64, 'base64') : Buffer.alloc(0);
    if (key.length !== KEY_BYTES) {
      ctx.addIssue({ code: 'custom', message: `key '${id}' must be ${KEY_BYTES} bytes in base64 (44 characters), e.g. from \`openssl rand -base64 32\`` });
      return z.NEVER;
    }
    return { id, key };
  });

/** A comma- or newline-separated list of keys; blank lines and `#` comments (to the end of the line) are skipped. At least one; ids unique. */
export const keyListSchema = z
  .string()
  .transform((text) =>
    text
      .split('\n')
      .flatMap((line) => line.replace(/#.*$/, '').split(','))
      .map((s) => s.trim())
      .filter((s) => s !== ''),
  )
  .pipe(z.array(keyEntrySchema).min(1, 'no key in it'))
  .refine((keys) => new Set(keys.map((k) => k.id)).size === keys.length, 'key ids must be unique');

export class KeyRing {
  readonly writeKeyId: string;
  readonly #keys: Map<string, Buffer>;
  readonly #derived = new Map<string, Buffer>();

  constructor(entries: readonly KeyEntry[]) {
    if (entries.length === 0) throw new KeyRingError('A key ring needs at least one key');
    this.writeKeyId = entries[0]!.id;
    this.#keys = new Map(entries.map((e) => [e.id, Buffer.from(e.key)]));
  }

  /** Parses `id:base64key[,id:base64key…]` (first writes). Throws KeyRingError naming `source`. */
  static parse(text: string, source: string): KeyRing {
    const result = keyListSchema.safeParse(text);
    if (!result.success) throw new KeyRingError(`Invalid configuration: ${source}: ${result.error.issues[0]!.message}`);
    return new KeyRing(result.data);
  }

  get ids(): string[] {
    return [...this.#keys.keys()];
  }

  has(id: string): boolean {
    return this.#keys.has(id);
  }

  /** The purpose key of key `id` (HKDF-SHA256 of the master key); undefined when the ring has no such key. */
  purposeKey(id: string, purpose: KeyPurpose): Buffer | undefined {
    const cacheKey = `${purpose}\u0000${id}`;
    let derived = this.#derived.get(cacheKey);
    if (!derived) {
      const master = this.#keys.get(id);
      if (!master) return undefined;
      derived = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), `jeugdflow/${purpose}/v1`, KEY_BYTES));
      this.#derived.set(cacheKey, derived);
    }
    return derived;
  }

  /** Never print keys. */
  toJSON(): { writeKeyId: string; ids: string[] } {
    return { writeKeyId: this.writeKeyId, ids: this.ids };
  }
}

/** A new random key line `id:base64key`. */
export function newKeyLine(now = new Date()): string {
  const id = `k${now.toISOString().slice(0, 10).replaceAll('-', '')}-${randomBytes(3).toString('hex')}`;
  return `${id}:${randomBytes(KEY_BYTES).toString('base64')}`;
}

/**
 * `npm start` with the dev server: the key file in the data folder, created with mode 0600 on first
 * start. Returns its path and whether it was created now.
 */
export function ensureDevKeyFile(dataDir: string): { file: string; created: boolean } {
  const file = join(dataDir, DEV_KEY_FILE_NAME);
  if (existsSync(file)) return { file, created: false };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(
    file,
    `# jeugdflow encryption keys (id:base64key, first writes, all read). Keep secret; losing it loses the cases in temporal.db.\n${newKeyLine()}\n`,
    { mode: 0o600, flag: 'wx' },
  );
  chmodSync(file, 0o600);
  return { file, created: true };
}

export interface KeySettings {
  JEUGDFLOW_KEYS?: readonly KeyEntry[] | undefined;
  JEUGDFLOW_KEY_FILE?: string | undefined;
  JEUGDFLOW_DATA_DIR: string;
}

/**
 * The key ring from the settings: JEUGDFLOW_KEYS, else JEUGDFLOW_KEY_FILE, else the key file that
 * `npm start` made in the data folder. Nothing there: KeyRingError (one line, names the settings).
 */
export function loadKeyRing(settings: KeySettings): KeyRing {
  if (settings.JEUGDFLOW_KEYS && settings.JEUGDFLOW_KEYS.length > 0) return new KeyRing(settings.JEUGDFLOW_KEYS);
  const explicit = settings.JEUGDFLOW_KEY_FILE;
  const file = explicit ?? join(settings.JEUGDFLOW_DATA_DIR, DEV_KEY_FILE_NAME);
  const source = explicit ? `JEUGDFLOW_KEY_FILE (${file})` : `the key file ${file}`;
  let text: string;
  try {
    if (!statSync(file).isFile()) throw Object.assign(new Error('not a file'), { code: 'not a file' });
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
    if (!explicit && code === 'ENOENT') {
      throw new KeyRingError(
        `No encryption key: set JEUGDFLOW_KEYS (id:base64key,…) or JEUGDFLOW_KEY_FILE, or run \`npm start\` once to create ${file}`,
      );
    }
    throw new KeyRingError(`Invalid configuration: ${source} must be a readable key file (${code})`);
  }
  return KeyRing.parse(text, source);
}
