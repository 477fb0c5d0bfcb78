// Workflow IDs and message names in one place. IDs come from case numbers, never from personal data.
import { findBsnLikeNumbers, looksLikeBsn } from '../machines/schemas.ts';
import { ProcedureError } from './errors.ts';

export { looksLikeBsn };

export const DEFAULT_TASK_QUEUE = 'jeugdflow';
export const WORKFLOW_ID_PREFIX = 'case-';

/** A case number: letters, digits, '.', '_' and '-', 3 to 64 characters, starting with a letter or digit. */
export const CASE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$/;


/** Refuses case numbers that are malformed or could carry a BSN (they end up in workflow IDs and search attributes). */
export function assertValidCaseId(caseId: string): string {
  if (!CASE_ID_PATTERN.test(caseId)) {
    throw new ProcedureError({
      code: 'INVALID_CASE_ID',
      field: 'caseId',
      message: `Invalid case id '${caseId}': use 3–64 letters, digits, '.', '_' or '-', starting with a letter or digit`,
      rule: 'case ids become workflow ids',
    });
  }
  if (findBsnLikeNumbers(caseId, { withinLongerNumbers: true }).length > 0) {
    throw new ProcedureError({
      code: 'INVALID_CASE_ID',
      field: 'caseId',
      message: 'Invalid case id: it contains a nine-digit number that passes the BSN eleven-test; never put a BSN in a case id',
      rule: 'no personal data in workflow ids',
    });
  }
  return caseId;
}

export function caseWorkflowId(caseId: string): string {
  return WORKFLOW_ID_PREFIX + assertValidCaseId(caseId);
}

export function caseIdFromWorkflowId(workflowId: string): string {
  return workflowId.startsWith(WORKFLOW_ID_PREFIX) ? workflowId.slice(WORKFLOW_ID_PREFIX.length) : workflowId;
}
