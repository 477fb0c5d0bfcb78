// GET /api/audit: the audit log for supervisors (who read which case's personal data, sign-ins and
// failed sign-ins), newest first, 100 per page (`before` = the last id for the next page).
import type { FastifyInstance } from 'fastify';
import type { AuditLog } from '../store/audit.ts';
import { HttpError, parseRequest } from './errors.ts';
import { requireUser } from './app.ts';
import { auditQuerySchema } from './schemas.ts';

export { auditQuerySchema };

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
