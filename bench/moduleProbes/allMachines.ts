// Module probe (bench section `modules`): a workflow bundle with the registry of all procedures.
export { listProcedures } from '../../machines/index.ts';
export async function probeWorkflow(): Promise<void> {}
