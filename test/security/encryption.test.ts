// Encryption of youth data in Temporal (issue 17), without a server: the payload codec, key rotation,
// the personal-data seal and the key settings.
import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApplicationFailure, defaultPayloadConverter, type FailureConverter } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { ConfigError, keyRingOf, loadConfig } from '../../config/index.ts';
import {
  DEV_KEY_FILE_NAME,
  ENCRYPTED_ENCODING,
  EncryptionCodec,
  ensureDevKeyFile,
  failureConverterPath,
  isSealed,
  KeyRing,
  PayloadDecryptionError,
  sealPersonalData,
  UnsealError,
  unsealPersonalData,
} from '../../security/index.ts';

const keyLine = (id: string, fill: number) => `${id}:${Buffer.alloc(32, fill).toString('base64')}`;
const OLD = keyLine('k-old', 1);
const NEW = keyLine('k-new', 2);
const youth = { name: 'Sanne de Vries', bsn: '111222333', dateOfBirth: '2011-05-14' };
const text = (b: Uint8Array | null | undefined) => Buffer.from(b ?? []).toString('latin1');

function configError(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('the payload codec (AES-256-GCM, key id in the metadata)', () => {
  it('encrypts every payload: no plain byte of the youth is left, the key id is in the metadata, and it decodes back', async () => {
    const codec = new EncryptionCodec(KeyRing.parse(NEW, 'test'));
    const plain = defaultPayloadConverter.toPayload({ personalData: youth });
    const [encrypted] = await codec.encode([plain]);
    expect(text(encrypted!.metadata!.encoding)).toBe(ENCRYPTED_ENCODING);
    expect(text(encrypted!.metadata!['encryption-key-id'])).toBe('k-new');
    for (const v of Object.values(youth)) expect(text(encrypted!.data)).not.toContain(v);
    const [decoded] = await codec.decode([encrypted!]);
    expect(defaultPayloadConverter.fromPayload(decoded!)).toEqual({ personalData: youth });
  });

  it('key rotation: the newest key writes, an older key still reads what it wrote', async () => {
    const [before] = await new EncryptionCodec(KeyRing.parse(OLD, 'test')).encode([defaultPayloadConverter.toPayload('oud')]);
    const rotated = new EncryptionCodec(KeyRing.parse(`${NEW},${OLD}`, 'test'));
    expect(defaultPayloadConverter.fromPayload((await rotated.decode([before!]))[0]!)).toBe('oud');
    const [after] = await rotated.encode([defaultPayloadConverter.toPayload('nieuw')]);
    expect(text(after!.metadata!['encryption-key-id'])).toBe('k-new');
  });

  it('a payload of a key not in the ring, or altered, is refused naming the key id and never showing content', async () => {
    const [encrypted] = await new EncryptionCodec(KeyRing.parse(OLD, 'test')).encode([defaultPayloadConverter.toPayload(youth)]);
    const without = new EncryptionCodec(KeyRing.parse(NEW, 'test'));
    await expect(without.decode([encrypted!])).rejects.toThrow(PayloadDecryptionError);
    await expect(without.decode([encrypted!])).rejects.toThrow(/key 'k-old', which is not in the key ring/);
    const altered = { ...encrypted!, data: Uint8Array.from(encrypted!.data!, (b, i) => (i === 20 ? b ^ 1 : b)) };
    await expect(new EncryptionCodec(KeyRing.parse(OLD, 'test')).decode([altered])).rejects.toThrow(/wrong key or altered data/);
  });

  it('payloads written before encryption (older cases in a database) still read', async () => {
    const plain = defaultPayloadConverter.toPayload({ a: 1 });
    expect(await new EncryptionCodec(KeyRing.parse(NEW, 'test')).decode([plain])).toEqual([plain]);
  });

  it('failure messages go into an encoded attribute (encodeCommonAttributes), so the codec encrypts them', () => {
    const { failureConverter } = createRequire(import.meta.url)(failureConverterPath) as { failureConverter: FailureConverter };
    const failure = failureConverter.errorToFailure(ApplicationFailure.nonRetryable(`BSN ${youth.bsn} ongeldig`, 'INVALID_PAYLOAD'), defaultPayloadConverter);
    expect(failure.message).toBe('Encoded failure');
    expect(failure.encodedAttributes).toBeDefined();
  });
});

describe('the personal-data seal (its own purpose key, bound to the case number)', () => {
  const keys = KeyRing.parse(`${NEW},${OLD}`, 'test');

  it('seals to an opaque value that unseals only for the same case', () => {
    const sealed = sealPersonalData(keys, 'JH-2026-1', youth);
    expect(isSealed(sealed)).toBe(true);
    for (const v of Object.values(youth)) expect(JSON.stringify(sealed)).not.toContain(v);
    expect(unsealPersonalData(keys, 'JH-2026-1', sealed)).toEqual(youth);
    expect(() => unsealPersonalData(keys, 'JH-2026-2', sealed)).toThrow(UnsealError);
  });

  it('the payload key cannot unseal it: a codec endpoint or a worker key alone does not reveal the youth', async () => {
    const sealed = sealPersonalData(keys, 'JH-2026-1', youth);
    const b64 = sealed.sealed.split('.')[2]!;
    // The same master key, but the payload-codec purpose key: different bytes, so the seal is not a codec payload.
    const asCodec = { metadata: { encoding: Buffer.from(ENCRYPTED_ENCODING), 'encryption-key-id': Buffer.from('k-new') }, data: Buffer.from(b64, 'base64url') };
    await expect(new EncryptionCodec(keys).decode([asCodec])).rejects.toThrow(PayloadDecryptionError);
  });
});

describe('key settings', () => {
  it('JEUGDFLOW_KEYS: comma-separated id:base64key, the first writes; a wrong entry names the variable and never echoes the key', () => {
    expect(keyRingOf(loadConfig({ JEUGDFLOW_KEYS: `${NEW},${OLD}` })).toJSON()).toEqual({ writeKeyId: 'k-new', ids: ['k-new', 'k-old'] });
    const secret = Buffer.alloc(16, 3).toString('base64');
    const msg = configError(() => loadConfig({ JEUGDFLOW_KEYS: `short:${secret}` }));
    expect(msg).toContain('JEUGDFLOW_KEYS');
    expect(msg).toContain("key 'short' must be 32 bytes");
    expect(msg).not.toContain(secret);
    expect(configError(() => loadConfig({ JEUGDFLOW_KEYS: `${NEW},${NEW}` }))).toContain('unique');
    expect(configError(() => loadConfig({ JEUGDFLOW_KEYS: 'no-colon-here' }))).toContain('id:base64key');
  });

  it('JEUGDFLOW_KEY_FILE: a key file (one key a line, # comments); unreadable or wrong, one line naming it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jf-keys-'));
    const file = join(dir, 'keys');
    writeFileSync(file, `# rotated 2026-12\n${NEW}\n${OLD}\n`);
    expect(keyRingOf(loadConfig({ JEUGDFLOW_KEY_FILE: file })).writeKeyId).toBe('k-new');
    expect(configError(() => keyRingOf(loadConfig({ JEUGDFLOW_KEY_FILE: join(dir, 'missing') })))).toMatch(/^Invalid configuration: JEUGDFLOW_KEY_FILE \(.*missing\) must be a readable key file \(ENOENT\)$/);
    writeFileSync(file, 'k1:bm90IGEga2V5\n');
    const msg = configError(() => keyRingOf(loadConfig({ JEUGDFLOW_KEY_FILE: file })));
    expect(msg).toContain('JEUGDFLOW_KEY_FILE');
    expect(msg).not.toContain('bm90IGEga2V5');
  });

  it('no key at all stops with one line saying where keys come from', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jf-nokeys-'));
    const msg = configError(() => keyRingOf(loadConfig({ JEUGDFLOW_DATA_DIR: dir })));
    expect(msg).toContain('JEUGDFLOW_KEYS');
    expect(msg).toContain('JEUGDFLOW_KEY_FILE');
    expect(msg.split('\n')).toHaveLength(1);
  });

  it('`npm start` creates a key in the data folder once, with file mode 0600, and the next start reads the same key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jf-devkey-'));
    const first = ensureDevKeyFile(dir);
    expect(first).toEqual({ file: join(dir, DEV_KEY_FILE_NAME), created: true });
    expect(statSync(first.file).mode & 0o777).toBe(0o600);
    const content = readFileSync(first.file, 'utf8');
    expect(ensureDevKeyFile(dir).created).toBe(false);
    expect(readFileSync(first.file, 'utf8')).toBe(content);
    const ring = keyRingOf(loadConfig({ JEUGDFLOW_DATA_DIR: dir }));
    expect(content).toContain(`${ring.writeKeyId}:`);
    chmodSync(first.file, 0o600);
  });
});
