// A worker evaluates the law once and shares it between every case it holds (worker/bundle.ts:
// preloadModules); the SDK deep-freezes what it shares. These tests hold the shared modules to what
// that needs: nothing in them that the freeze would break, and nothing a case could change for another.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { assign, initialTransition, setup, transition, type AnyStateMachine } from 'xstate';
import { z } from 'zod';
import { findProcedure, listProcedureVersions } from '../../machines/index.ts';
import { freezeLaw, resolveAssign, sharingHazards } from '../../machines/immutable.ts';
import { sharedModules } from '../../worker/bundle.ts';

/** The shared modules and everything they import from this repository (type-only imports left out). */
function sharedModuleFiles(roots: readonly string[] = sharedModules): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    for (const m of source.matchAll(/^(?:import|export)(?! type)[^;]*?from '(\.[^']+)'/gms)) visit(resolve(dirname(file), m[1]!));
    for (const m of source.matchAll(/^import '(\.[^']+)'/gm)) visit(resolve(dirname(file), m[1]!));
  };
  for (const file of roots) visit(file);
  return [...seen];
}

/** The SDK's freeze of shared modules (@temporalio/worker, reusable-vm.js `deepFreeze`), as it is. */
function sdkDeepFreeze(object: unknown, visited = new WeakSet<object>()): void {
  if (object === null || (typeof object !== 'object' && typeof object !== 'function') || visited.has(object)) return;
  visited.add(object);
  if (Object.isFrozen(object)) return;
  if (typeof object === 'object') {
    for (const key of Reflect.ownKeys(object)) {
      try {
        sdkDeepFreeze((object as Record<string | symbol, unknown>)[key], visited);
      } catch {
        // as the SDK: some objects cannot be frozen
      }
    }
  }
  Object.freeze(object);
}

describe('the law a worker shares between cases', () => {
  it('every shared module exports nothing the SDK freeze would break: schemas are frozen by the law itself and no pattern is exported', async () => {
    const files = sharedModuleFiles();
    expect(files.some((f) => f.endsWith('machines/escalationLadderMachine.ts'))).toBe(true);
    expect(files.some((f) => f.endsWith('calendar/deadline.ts'))).toBe(true);
    const hazards: string[] = [];
    for (const file of files) {
      const exports = (await import(file)) as Record<string, unknown>;
      for (const [name, value] of Object.entries(exports)) hazards.push(...sharingHazards(value, name).map((h) => `${file}: ${h}`));
    }
    expect(hazards).toEqual([]);
  });

  it('finds what the freeze would break: an unfrozen schema, an exported pattern', () => {
    expect(sharingHazards({ payload: z.object({ reason: z.string() }) }, 'events')).toEqual(['events.payload (a schema)']);
    expect(sharingHazards({ code: /^[a-z]+$/ }, 'exports')).toEqual(['exports.code (a pattern)']);
    expect(sharingHazards(freezeLaw({ payload: z.object({ reason: z.string().regex(/^[a-z]+$/) }) }))).toEqual([]);
  });

  it('a schema frozen by the law still parses, refuses and derives after the SDK freeze', () => {
    const schema = freezeLaw(z.object({ code: z.string().regex(/^[a-z]+$/, 'verwacht kleine letters') }));
    sdkDeepFreeze({ schema });
    for (let i = 0; i < 3; i++) {
      expect(schema.parse({ code: 'abc' })).toEqual({ code: 'abc' });
      expect(schema.safeParse({ code: 'ABC' }).error?.issues[0]?.message).toBe('verwacht kleine letters');
    }
    expect(schema.optional().parse(undefined)).toBeUndefined();
    // Without freezeLaw, the SDK freeze breaks the same schema on its first use.
    const unprotected = z.object({ code: z.string().regex(/^[a-z]+$/) });
    sdkDeepFreeze({ unprotected });
    expect(() => unprotected.parse({ code: 'abc' })).toThrow(TypeError);
  });

  it('every procedure version is frozen: no case can change a definition, a term or a label for another', () => {
    for (const def of listProcedureVersions()) {
      expect(sharingHazards(def, def.id)).toEqual([]);
      expect(Object.isFrozen(def)).toBe(true);
      expect(Object.isFrozen(def.events)).toBe(true);
    }
    const ladder = findProcedure('escalation-ladder')!;
    expect(() => {
      (ladder as { title: string }).title = 'Iets anders';
    }).toThrow(TypeError);
  });

  it("the law's assign merges a step's context as xstate's assign does: same snapshot, same update arguments, unchanged parts shared", () => {
    // Two copies of one machine with every form of assign: named with params, an object of assigners, inline.
    const build = () =>
      setup({
        types: { context: {} as Record<string, unknown>, events: {} as { type: 'noted'; text: string } | { type: 'counted' } },
        actions: {
          note: assign(({ context, event }, params: { by: string }) => ({ notes: [...(context.notes as string[]), `${params.by}:${(event as { text: string }).text}`] })),
        },
      }).createMachine({
        context: Object.fromEntries([...Array(20).keys()].map((i) => [`field${i}`, { i }])),
        initial: 'open',
        states: {
          open: {
            entry: assign({ notes: () => [] as string[], count: 0 }),
            on: {
              noted: { actions: { type: 'note', params: { by: 'cm' } } },
              counted: { target: 'counted', actions: assign({ count: ({ context }) => (context.count as number) + 1 }) },
            },
          },
          counted: { type: 'final' },
        },
      });
    const theirs: AnyStateMachine = build();
    const ours: AnyStateMachine = freezeLaw(build());
    let [a] = initialTransition(theirs);
    let [b] = initialTransition(ours);
    for (const event of [{ type: 'noted', text: 'één' }, { type: 'noted', text: 'twee' }, { type: 'counted' }]) {
      const before = b.context;
      [a] = transition(theirs, a, event);
      [b] = transition(ours, b, event);
      expect(b.value).toEqual(a.value);
      expect(b.status).toBe(a.status);
      expect(b.context).toEqual(a.context);
      expect(Object.keys(b.context)).toEqual(Object.keys(a.context));
      expect(b.context.field7).toBe(before.field7); // shared, not copied
      expect(b.can({ type: 'counted' })).toBe(a.can({ type: 'counted' }));
    }
    expect(b.context).toMatchObject({ notes: ['cm:één', 'cm:twee'], count: 1 });
    expect((ours.implementations.actions.note as { resolve?: unknown }).resolve).toBe(resolveAssign);
  });

  it("every procedure's named assigns merge with the law's assign", () => {
    let assigns = 0;
    for (const def of listProcedureVersions()) {
      for (const action of Object.values(def.machine.implementations.actions) as { type?: string; resolve?: unknown }[]) {
        if (action?.type !== 'xstate.assign') continue;
        expect(action.resolve).toBe(resolveAssign);
        assigns++;
      }
    }
    expect(assigns).toBeGreaterThan(50);
  });

  it('the search attribute keys load without the engine: the baseline workflow, the console, the CLI and the activities import them alone', () => {
    const keys = fileURLToPath(new URL('../../workflows/searchAttributes.ts', import.meta.url));
    expect(sharedModuleFiles([keys])).toEqual([keys]);
  });
});
