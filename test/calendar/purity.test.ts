import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// calendar/ is bundled into the Temporal workflow sandbox: it must be deterministic and free of Node built-ins.
const dir = new URL('../../calendar/', import.meta.url);
const sources = readdirSync(dir)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => ({ file: f, code: readFileSync(new URL(f, dir), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '') }));

const forbidden: [string, RegExp][] = [
  ['Intl', /\bIntl\b/],
  ['locale/local-time Date methods', /\.(get|set)(FullYear|Month|Date|Day|Hours|Minutes|Seconds|Milliseconds)\(|\.getTimezoneOffset\(|\.toLocale\w*\(|\.to(Date|Time)String\(/],
  ['clock or randomness', /Date\.now|new Date\(\)|Math\.random|performance\./],
  ['Date string parsing (host dependent for strings without offset)', /Date\.parse|new Date\(\s*['"`]/],
  ['Node globals', /\b(process|require|Buffer|__dirname)\b/],
];

describe('calendar/ purity (Temporal workflow sandbox)', () => {
  it('has source files', () => expect(sources.map((s) => s.file)).toContain('index.ts'));

  it('imports only its own modules (no Node built-ins or packages)', () => {
    for (const { file, code } of sources) {
      for (const [, spec] of code.matchAll(/\bfrom\s+['"]([^'"]+)['"]/g)) expect(spec, file).toMatch(/^\.\/[\w-]+\.ts$/);
      expect(code, file).not.toMatch(/\bimport\s*\(/);
    }
  });

  it.each(forbidden)('uses no %s', (_, pattern) => {
    for (const { file, code } of sources) expect(code, file).not.toMatch(pattern);
  });
});
