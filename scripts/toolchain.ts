// Finds the local Temporal toolchain installed by scripts/installToolchain.mjs (or given through
// TEMPORAL_CLI / TEMPORAL_TEST_SERVER). A missing piece throws a ToolchainError whose message is the
// one line saying what to install; print it as is, no stack trace.
import { locateTemporalCli, locateTestServer } from './toolchainPaths.mjs';

export class ToolchainError extends Error {
  override name = 'ToolchainError';
}

/** Absolute path of the `temporal` CLI: $TEMPORAL_CLI, else the cached pinned build, else PATH. */
export function resolveTemporalCli(env: NodeJS.ProcessEnv = process.env): string {
  const found = locateTemporalCli(env);
  if ('error' in found) throw new ToolchainError(found.error);
  return found.path;
}

/** How to start the Java time-skipping test server on `port`: spawn(command, args). */
export function resolveTestServerCommand(port: number, env: NodeJS.ProcessEnv = process.env): { command: string; args: string[] } {
  const found = locateTestServer(env);
  if ('error' in found) throw new ToolchainError(found.error);
  return { command: found.command, args: [...found.args, String(port)] };
}
