// Module probe (bench section `modules`): a workflow bundle with zod and one schema, nothing else.
import { z } from 'zod';

export const schema = z.object({ provider: z.string() });
export async function probeWorkflow(): Promise<void> {}
