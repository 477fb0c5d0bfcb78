// GET /api/audit: the audit log for supervisors (who read which case's personal data, sign-ins and
// failed sign-ins), newest first, 100 per page (`before` = the last id for the next page).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AUDIT_KINDS, type AuditLog } from '../store/audit.ts';
import { HttpError, parseRequest } from './errors.ts';
import { requireUser } from './app.ts';

export const auditQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(500).optional(),
    before: z.coerce.number().int().min(1).optional(),
    kind: z.enum(AUDIT_KINDS).optional(),
    caseId: z.string().min(1).max(64).regex(/^[A-Za-z0-9._-]+$/).optional(),
    actor: z.string().min(1).max(200).optional(),
  })
  .strict();

export function registerAuditRoute(api: FastifyInstance, audit: AuditLog): void {
  api.get('/api/audit', async (request) => {
    const user = requireUser(request);
    if (!user.roles.includes('supervisor')) {
      throw new HttpError({ code: 'FORBIDDEN', message: 'Only a supervisor may read the audit log' });
    }
    const query = parseRequest(auditQuerySchema, request.query);
    const entries = await audit.list(query);
    return { entries, ...(entries.length === (query.limit ?? 100) ? { next: entries[entries.length - 1]!.id } : {}) };
  });
}
