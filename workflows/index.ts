// Workflow entry point for the worker bundle.
export { caseWorkflow } from './caseWorkflow.ts';
