// Personal data of a youth is sealed (AES-256-GCM, the key ring's personal-data purpose key, bound to
// the case number) by the client before it enters Temporal. The engine keeps the sealed value as it
// is and every query returns only that, whatever role the caller names; it is unsealed only by the
// API / console / CLI after their own role and opt-out check.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { KeyRing } from './keys.ts';

const PREFIX = 'jf1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface SealedPersonalData {
  /** `jf1.<key id>.<base64url(iv | ciphertext | tag)>` */
  sealed: string;
}

export class UnsealError extends Error {
  override name = 'UnsealError';
}

export function isSealed(value: unknown): value is SealedPersonalData {
  return typeof value === 'object' && value !== null && typeof (value as { sealed?: unknown }).sealed === 'string'
    && (value as { sealed: string }).sealed.startsWith(`${PREFIX}.`) && Object.keys(value).length === 1;
}

const aad = (caseId: string) => Buffer.from(`jeugdflow/personal-data/${caseId}`, 'utf8');

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
