// Messages between bench/main.ts and its worker children (bench/workerProcess.ts).
export type ParentMessage =
  | { type: 'status' }
  | { type: 'stop' }
  /** Start the V8 CPU profiler (inspector), or stop it and write the profile to `file`. */
  | { type: 'profile'; action: 'start' }
  | { type: 'profile'; action: 'stop'; file: string };
export type ChildMessage =
  | { type: 'ready'; pid: number }
  | { type: 'status'; rss: number; heapUsed: number; numCachedWorkflows: number }
  | { type: 'profiled'; file: string };
