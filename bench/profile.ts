// Summarises V8 CPU profiles (`--cpu-prof` of the worker children): self time per function and per
// origin (xstate, zod, Temporal SDK, jeugdflow engine, …), so a missed target can be explained.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
}

export interface ProfileSummary {
  file: string;
  totalMs: number;
  byOrigin: { origin: string; ms: number; share: number }[];
  topFunctions: { fn: string; ms: number; share: number }[];
}

/**
 * For a webpack workflow bundle: the module each line belongs to (the bundle marks each module's start
 * with a comment line naming its path, e.g. "./node_modules/zod/v4/core/schemas.js"),
 * so profile samples in the bundle can be attributed to zod, xstate, machines/, workflows/, ….
 */
export function bundleModuleIndex(bundleFile: string): (line: number) => string | undefined {
  const starts: { line: number; module: string }[] = [];
  readFileSync(bundleFile, 'utf8')
    .split('\n')
    .forEach((text, i) => {
      const m = /^\/\*\*\*\/ "([^"]+)"/.exec(text);
      if (m) starts.push({ line: i, module: m[1]! });
    });
  return (line) => {
    let lo = 0;
    let hi = starts.length - 1;
    let found: string | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid]!.line <= line) {
        found = starts[mid]!.module;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  };
}

/** Where a function comes from, by its URL (and, inside a workflow bundle, by the module at that line). */
export function originOf(url: string, fn: string): string {
  if (!url) return fn === '(garbage collector)' ? 'gc' : fn === '(idle)' || fn === '(program)' ? fn : 'native';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith('node:')) return 'node';
  const own = /\/(workflows|machines|calendar|activities|operations|worker|bench|config)\//.exec(url);
  if (own) return own[1]!;
  if (/bundle/.test(url)) return 'workflow bundle';
  return url.split('/').slice(-2).join('/');
}

export function summarize(file: string, top = 15, bundles: readonly string[] = []): ProfileSummary {
  const indexes = new Map(bundles.map((b) => [b, bundleModuleIndex(b)]));
  const inBundle = (url: string, line: number): string | undefined => {
    for (const [b, index] of indexes) if (url.endsWith(b)) return index(line);
    return undefined;
  };
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const totalSamples = profile.nodes.reduce((a, n) => a + (n.hitCount ?? 0), 0) || 1;
  const totalMs = (profile.endTime - profile.startTime) / 1000;
  const msPerSample = totalMs / totalSamples;
  const byFn = new Map<string, number>();
  const byOrigin = new Map<string, number>();
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (!hits) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const module = inBundle(url, lineNumber);
    const origin = module ? `bundle:${originOf(module.replace(/^\.\//, '/'), functionName)}` : originOf(url, functionName);
    const key = `${functionName || '(anonymous)'} [${origin}${url ? `:${lineNumber + 1}` : ''}]`;
    byFn.set(key, (byFn.get(key) ?? 0) + hits);
    byOrigin.set(origin, (byOrigin.get(origin) ?? 0) + hits);
  }
  const busy = totalSamples - (byOrigin.get('(idle)') ?? 0);
  const list = (m: Map<string, number>) =>
    [...m].filter(([k]) => k !== '(idle)' && !k.startsWith('(idle)')).sort((a, b) => b[1] - a[1]).map(([k, v]) => ({ key: k, ms: v * msPerSample, share: v / (busy || 1) }));
  return {
    file,
    totalMs,
    byOrigin: list(byOrigin).slice(0, top).map(({ key, ms, share }) => ({ origin: key, ms, share })),
    topFunctions: list(byFn).slice(0, top).map(({ key, ms, share }) => ({ fn: key, ms, share })),
  };
}

export function summarizeDir(dir: string, bundles: readonly string[] = []): ProfileSummary[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => summarize(join(dir, f), 15, bundles));
}

export function formatSummary(s: ProfileSummary): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  return [
    `profile ${s.file} (${(s.totalMs / 1000).toFixed(1)} s; shares of non-idle time)`,
    `  by origin: ${s.byOrigin.map((o) => `${o.origin} ${pct(o.share)}`).join(', ')}`,
    ...s.topFunctions.map((f) => `  ${pct(f.share).padStart(6)}  ${f.fn}`),
  ].join('\n');
}
