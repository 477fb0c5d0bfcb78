import { ProcedureError } from '../../workflows/errors.ts';

/** The ProcedureError that `fn` throws (any other error is rethrown; no error fails the test). */
export function refusal(fn: () => unknown): ProcedureError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ProcedureError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}
