// The remote codec endpoint of the Temporal Web UI (its codec-server protocol): POST /codec/decode and
// /codec/encode with `{ payloads: [{ metadata: { key: base64 }, data: base64 }] }`. The UI calls it
// from its own origin with the user's cookies ("include credentials"), so the answer is for signed-in
// supervisors only, and CORS admits only the configured Temporal UI origin. Personal data of a youth
// stays sealed in what it decodes (see security/seal.ts): the UI shows the case, not the youth.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { userOf } from '../api/route.ts';
import { isSupervisor } from '../api/access.ts';
import { HttpError, requestInvalid } from '../api/errors.ts';
import { EncryptionCodec, PayloadDecryptionError, type KeyRing } from '../security/index.ts';
import type { Payload } from '@temporalio/common';

export interface CodecRoutesOptions {
  keys: KeyRing;
  /** The Temporal Web UI origin that may call the endpoint (CORS, with credentials). */
  uiOrigin?: string | undefined;
}

/** Payloads per request and bytes per request: a UI page of history fits with room to spare. */
export const CODEC_MAX_PAYLOADS = 1000;
export const CODEC_BODY_LIMIT = 8 * 1024 * 1024;

const base64 = z.string().max(CODEC_BODY_LIMIT).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64');
const codecBodySchema = z
  .object({
    payloads: z
      .array(z.object({ metadata: z.record(z.string().max(256), base64).optional(), data: base64.optional() }).strip())
      .max(CODEC_MAX_PAYLOADS),
  })
  .strip();

type JsonPayload = z.infer<typeof codecBodySchema>['payloads'][number];

const toPayload = (p: JsonPayload): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, new Uint8Array(Buffer.from(v, 'base64'))])),
  data: new Uint8Array(Buffer.from(p.data ?? '', 'base64')),
});

const toJson = (p: Payload): { metadata: Record<string, string>; data: string } => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? new Uint8Array()).toString('base64')])),
  data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
});

export async function codecRoutes(app: FastifyInstance, opts: CodecRoutesOptions): Promise<void> {
  const codec = new EncryptionCodec(opts.keys);

  const cors = (request: FastifyRequest, reply: FastifyReply) => {
    const origin = request.headers.origin;
    if (opts.uiOrigin && origin === opts.uiOrigin) {
      reply.header('access-control-allow-origin', origin);
      reply.header('access-control-allow-credentials', 'true');
      reply.header('vary', 'Origin');
    }
  };

  app.addHook('onRequest', async (request, reply) => cors(request, reply));

  app.options('/codec/:action', async (request, reply) => {
    if (!opts.uiOrigin || request.headers.origin !== opts.uiOrigin) return reply.status(403).send();
    return reply
      .header('access-control-allow-methods', 'POST')
      .header('access-control-allow-headers', 'content-type, x-namespace, authorization')
      .header('access-control-max-age', '600')
      .status(204)
      .send();
  });

  const handle = (run: (payloads: Payload[]) => Promise<Payload[]>) => async (request: FastifyRequest) => {
    const user = userOf(request);
    if (!isSupervisor(user)) {
      throw new HttpError({
        code: 'FORBIDDEN',
        message: `The Temporal Web UI decodes payloads for role 'supervisor' only; ${user.id} has ${user.roles.join(', ')}`,
        rule: 'alleen een supervisor ziet de versleutelde gegevens van Temporal ontsleuteld',
      });
    }
    const parsed = codecBodySchema.safeParse(request.body);
    if (!parsed.success) throw requestInvalid(parsed.error, 'body');
    try {
      const out = await run(parsed.data.payloads.map(toPayload));
      return { payloads: out.map(toJson) };
    } catch (err) {
      if (err instanceof PayloadDecryptionError) throw new HttpError({ code: 'BAD_REQUEST', message: err.message, field: 'payloads' });
      throw err;
    }
  };

  const route = { bodyLimit: CODEC_BODY_LIMIT, config: { csrf: false }, preHandler: app.requireUser } as const;
  app.post('/codec/decode', route, handle((p) => codec.decode(p)));
  app.post('/codec/encode', route, handle((p) => codec.encode(p)));
}
