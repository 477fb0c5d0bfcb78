// The payload codec: every payload jeugdflow puts into Temporal (workflow input and result, update
// arguments and results, query results, activity inputs and outputs, memo, failure messages) is
// encrypted with AES-256-GCM before it leaves the client or the worker, and decrypted when it comes
// back. It runs in clients and workers (the data converter's payloadCodecs), never in workflow code.
// Search attributes are not payloads of this kind and stay plain: they never hold personal data.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { DataConverter, Payload, PayloadCodec } from '@temporalio/common';
import proto from '@temporalio/proto';
import type { KeyRing } from './keys.ts';

// @temporalio/proto is CommonJS: under plain Node ESM only its default export is reliable.
const { temporal } = proto;

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const METADATA_ENCODING_KEY = 'encoding';
export const METADATA_KEY_ID = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

/** The payload cannot be decrypted: unknown key id, or tampered / wrong key. Never shows payload content. */
export class PayloadDecryptionError extends Error {
  override name = 'PayloadDecryptionError';
}

export class EncryptionCodec implements PayloadCodec {
  constructor(private readonly keys: KeyRing) {}

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const id = this.keys.writeKeyId;
    const key = this.keys.purposeKey(id, 'payload-codec')!;
    return payloads.map((payload) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const plain = temporal.api.common.v1.Payload.encode(payload).finish();
      const body = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: { [METADATA_ENCODING_KEY]: utf8.encode(ENCRYPTED_ENCODING), [METADATA_KEY_ID]: utf8.encode(id) },
        data: new Uint8Array(body),
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
      // Payloads written before encryption was switched on (older cases in a database) stay readable.
      if (!encoding || fromUtf8.decode(encoding) !== ENCRYPTED_ENCODING) return payload;
      const idBytes = payload.metadata?.[METADATA_KEY_ID];
      const id = idBytes ? fromUtf8.decode(idBytes) : '';
      const key = this.keys.purposeKey(id, 'payload-codec');
      if (!key) {
        throw new PayloadDecryptionError(`Payload encrypted with key '${id.slice(0, 64)}', which is not in the key ring (${this.keys.ids.join(', ')}); add it to JEUGDFLOW_KEYS / the key file`);
      }
      const body = Buffer.from(payload.data ?? new Uint8Array());
      if (body.length < IV_BYTES + TAG_BYTES) throw new PayloadDecryptionError(`Encrypted payload (key '${id}') is too short`);
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, body.subarray(0, IV_BYTES));
        decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
        const plain = Buffer.concat([decipher.update(body.subarray(IV_BYTES, body.length - TAG_BYTES)), decipher.final()]);
        return temporal.api.common.v1.Payload.decode(plain) as Payload;
      } catch {
        throw new PayloadDecryptionError(`Encrypted payload does not decrypt with key '${id}' (wrong key or altered data)`);
      }
    });
  }
}

/**
 * The failure converter (a module path: the worker bundles it into the workflow code too): failure
 * messages and stack traces go into an encoded payload, so the codec encrypts them.
 */
export const failureConverterPath = fileURLToPath(new URL('./failureConverter.cjs', import.meta.url));

/** The one data converter of every client and worker of jeugdflow. */
export function jeugdflowDataConverter(keys: KeyRing): DataConverter {
  return { payloadCodecs: [new EncryptionCodec(keys)], failureConverterPath };
}
