// CPU time of processes (Linux /proc), to say where a benchmark's time goes: the Temporal server,
// the worker child, or this process (the client). Elsewhere it reports nothing.
import { readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** User + system CPU seconds of a process (all its threads), or undefined when unknown. */
export function cpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

export type CpuParts = Record<'server' | 'worker' | 'client', number | undefined>;

/** Starts a CPU meter over the given processes; `stop()` returns the seconds each used meanwhile. */
export function cpuMeter(pids: { server?: number; worker?: number }): { stop(): CpuParts } {
  const client = process.cpuUsage();
  const start = { server: cpuSeconds(pids.server), worker: cpuSeconds(pids.worker) };
  const diff = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? undefined : b - a);
  return {
    stop() {
      const c = process.cpuUsage(client);
      return {
        server: diff(start.server, cpuSeconds(pids.server)),
        worker: diff(start.worker, cpuSeconds(pids.worker)),
        client: (c.user + c.system) / 1e6,
      };
    },
  };
}

export function addParts(a: CpuParts, b: CpuParts): CpuParts {
  const add = (x: number | undefined, y: number | undefined) => (x === undefined || y === undefined ? undefined : x + y);
  return { server: add(a.server, b.server), worker: add(a.worker, b.worker), client: add(a.client, b.client) };
}
