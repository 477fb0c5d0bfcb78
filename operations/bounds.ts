// Bounds on what a request may carry before it reaches Temporal, a header or a visibility query: JSON
// nesting and size, and the characters of codes (provider, procedure, event type, request id). Checked
// at the edge (API schemas, console forms, CLI operations), so bad input is a 400 naming the field.
import { z } from 'zod';
import { containsBsn } from '../machines/schemas.ts';

/** Deepest nesting of objects and arrays accepted in data, personal data, payloads and fixes. */
export const MAX_JSON_DEPTH = 32;
/** Most values (objects, arrays, scalars) accepted in one such document. */
export const MAX_JSON_NODES = 10_000;
/** Longest object key accepted in one. */
export const MAX_JSON_KEY = 128;

export interface JsonBoundsIssue {
  /** Path below the checked value, e.g. ['reason'] or ['a', 0, 'b']. */
  path: (string | number)[];
  message: string;
}

/** The first way `value` exceeds the bounds, or undefined. Iterative: any depth is safe to check. */
export function jsonBoundsIssue(value: unknown, max: { depth?: number; nodes?: number } = {}): JsonBoundsIssue | undefined {
  const maxDepth = max.depth ?? MAX_JSON_DEPTH;
  const maxNodes = max.nodes ?? MAX_JSON_NODES;
  const stack: { v: unknown; depth: number; path: (string | number)[] }[] = [{ v: value, depth: 0, path: [] }];
  let nodes = 0;
  while (stack.length) {
    const { v, depth, path } = stack.pop()!;
    if (++nodes > maxNodes) return { path: [], message: `too large: more than ${maxNodes} values` };
    if (v === null || typeof v !== 'object') continue;
    if (depth >= maxDepth) return { path, message: `nested deeper than ${maxDepth} levels` };
    if (Array.isArray(v)) {
      v.forEach((child, i) => stack.push({ v: child, depth: depth + 1, path: [...path, i] }));
    } else {
      for (const [k, child] of Object.entries(v)) {
        if (k.length > MAX_JSON_KEY) return { path, message: `a field name longer than ${MAX_JSON_KEY} characters` };
        stack.push({ v: child, depth: depth + 1, path: [...path, k] });
      }
    }
  }
  return undefined;
}

/** A JSON object within the bounds above; a violation names the path inside it. */
export function boundedJsonObject() {
  return z.record(z.string(), z.unknown()).superRefine((value, ctx) => {
    const issue = jsonBoundsIssue(value);
    // The path of a too-deep document is as long as the document is deep: name only its first step.
    if (issue) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path.slice(0, 1) });
  });
}

/** Letters, digits and '.', '_', '-' only: no spaces, no NUL, no CR LF; starts with a letter or digit. */
export const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** A code (procedure id, event type, request id) of at most `max` characters. */
export function code(max: number, what: string) {
  return z
    .string()
    .min(1)
    .max(max)
    .regex(CODE_PATTERN, `${what}: letters, digits, '.', '_' or '-' (no spaces or control characters)`);
}

/** Longest provider code (it becomes the JfProvider search attribute and a visibility filter). */
export const MAX_PROVIDER_CODE = 64;
/** A provider code: letters, digits, '.', '_', '-' and spaces, starting with a letter or digit; no BSN. */
export const PROVIDER_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._ -]*$/;

export const providerCodeSchema = z
  .string()
  .min(1)
  .max(MAX_PROVIDER_CODE)
  .regex(PROVIDER_CODE_PATTERN, "a provider code: letters, digits, '.', '_', '-' or spaces (no control characters)")
  .refine((v) => !containsBsn(v), 'a provider code never holds a BSN');

/** The organisation a person acts for (a provider or municipality code, as in the users file): no spaces. */
export const organisationCodeSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$/, "an organisation code: 2–64 letters, digits, '.', '_' or '-', e.g. zorg-oost or gemeente-dordrecht")
  .refine((v) => !containsBsn(v), 'an organisation code never holds a BSN');

/** Free text of a request (a reason): no control characters other than tab and line breaks. */
export const NO_CONTROL_CHARS = /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/;
