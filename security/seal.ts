// Personal data of a youth is sealed (AES-256-GCM, bound to the case number) by the client before it
// enters Temporal. `jf2.` seals (every new case) use the case's own random data key, kept wrapped by the
// key ring in the shared store (store/caseKeys.ts): deleting that key after the retention period
// (crypto-shredding) makes every copy in Temporal's history unreadable. `jf1.` seals (cases started
// before) use the key ring's personal-data purpose key and are still read. The engine keeps the sealed value as it
// is and every query returns only that, whatever role the caller names; it is unsealed only by the
// API / console / CLI after their own role and opt-out check.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { KeyRing } from './keys.ts';

const PREFIX = 'jf1';
const PREFIX_CASE_KEY = 'jf2';
const DATA_KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface SealedPersonalData {
  /** `jf2.<base64url(iv | ciphertext | tag)>` (the case's data key) or `jf1.<key id>.<base64url(…)>` (older cases). */
  sealed: string;
}

export class UnsealError extends Error {
  override name = 'UnsealError';
}

export function isSealed(value: unknown): value is SealedPersonalData {
  return typeof value === 'object' && value !== null && typeof (value as { sealed?: unknown }).sealed === 'string'
    && /^jf[12]\./.test((value as { sealed: string }).sealed) && Object.keys(value).length === 1;
}

/** True for a seal made with a case's own data key (deletable), false for an older `jf1.` seal. */
export function isSealedWithCaseKey(value: SealedPersonalData): boolean {
  return value.sealed.startsWith(`${PREFIX_CASE_KEY}.`);
}

function encrypt(key: Buffer, aadText: Buffer, plain: Buffer): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aadText);
  return Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]).toString('base64url');
}

/** Throws (without content) when the body does not decrypt. */
function decrypt(key: Buffer, aadText: Buffer, b64: string): Buffer {
  const body = Buffer.from(b64, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', key, body.subarray(0, IV_BYTES));
  decipher.setAAD(aadText);
  decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
  return Buffer.concat([decipher.update(body.subarray(IV_BYTES, body.length - TAG_BYTES)), decipher.final()]);
}

/** A new random data key for one case (never stored unwrapped). */
export function newDataKey(): Buffer {
  return randomBytes(DATA_KEY_BYTES);
}

const wrapAad = (caseId: string) => Buffer.from(`jeugdflow/case-key/${caseId}`, 'utf8');

/** The data key wrapped by the key ring's write key (its case-key purpose key), bound to the case: `<key id>.<base64url>`. */
export function wrapDataKey(keys: KeyRing, caseId: string, dataKey: Buffer): string {
  const id = keys.writeKeyId;
  return `${id}.${encrypt(keys.purposeKey(id, 'case-key')!, wrapAad(caseId), dataKey)}`;
}

export function unwrapDataKey(keys: KeyRing, caseId: string, wrapped: string): Buffer {
  const dot = wrapped.indexOf('.');
  const id = wrapped.slice(0, Math.max(dot, 0));
  const key = keys.purposeKey(id, 'case-key');
  if (!key) throw new UnsealError(`The data key of case ${caseId} is wrapped with key '${id.slice(0, 64)}', which is not in the key ring`);
  try {
    const dataKey = decrypt(key, wrapAad(caseId), wrapped.slice(dot + 1));
    if (dataKey.length !== DATA_KEY_BYTES) throw new Error('length');
    return dataKey;
  } catch {
    throw new UnsealError(`The data key of case ${caseId} does not unwrap (wrong key, altered, or wrapped for another case)`);
  }
}

/** Seals with the case's own data key (`jf2.`): deletable by deleting that key. */
export function sealWithDataKey(dataKey: Buffer, caseId: string, value: unknown): SealedPersonalData {
  return { sealed: `${PREFIX_CASE_KEY}.${encrypt(dataKey, aad(caseId), Buffer.from(JSON.stringify(value), 'utf8'))}` };
}

export function unsealWithDataKey(dataKey: Buffer, caseId: string, value: SealedPersonalData): unknown {
  const [prefix, b64 = ''] = value.sealed.split('.');
  if (prefix !== PREFIX_CASE_KEY) throw new UnsealError(`Personal data of case ${caseId} is not sealed with a case key`);
  try {
    return JSON.parse(decrypt(dataKey, aad(caseId), b64).toString('utf8')) as unknown;
  } catch {
    throw new UnsealError(`Personal data of case ${caseId} does not unseal (wrong key, altered, or sealed for another case)`);
  }
}

const aad = (caseId: string) => Buffer.from(`jeugdflow/personal-data/${caseId}`, 'utf8');

/** The older `jf1.` seal with the key ring's purpose key (not deletable per case; kept for tests and reading). */
export function sealPersonalData(keys: KeyRing, caseId: string, value: unknown): SealedPersonalData {
  const id = keys.writeKeyId;
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keys.purposeKey(id, 'personal-data')!, iv);
  cipher.setAAD(aad(caseId));
  const body = Buffer.concat([iv, cipher.update(JSON.stringify(value), 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return { sealed: `${PREFIX}.${id}.${body.toString('base64url')}` };
}

/** The personal data sealed for `caseId`; throws UnsealError (never showing content) otherwise. */
export function unsealPersonalData(keys: KeyRing, caseId: string, value: SealedPersonalData): unknown {
  const [prefix, id = '', b64 = ''] = value.sealed.split('.');
  const key = prefix === PREFIX ? keys.purposeKey(id, 'personal-data') : undefined;
  if (!key) throw new UnsealError(`Personal data of case ${caseId} is sealed with key '${id.slice(0, 64)}', which is not in the key ring`);
  const body = Buffer.from(b64, 'base64url');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, body.subarray(0, IV_BYTES));
    decipher.setAAD(aad(caseId));
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    const plain = Buffer.concat([decipher.update(body.subarray(IV_BYTES, body.length - TAG_BYTES)), decipher.final()]);
    return JSON.parse(plain.toString('utf8')) as unknown;
  } catch {
    throw new UnsealError(`Personal data of case ${caseId} does not unseal (wrong key, altered, or sealed for another case)`);
  }
}
