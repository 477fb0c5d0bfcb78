// Module probe (bench section `modules`): a workflow bundle with the escalation-ladder definition only.
export { escalationLadder } from '../../machines/escalationLadderMachine.ts';
export async function probeWorkflow(): Promise<void> {}
