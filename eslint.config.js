// Lint: the rules that protect correctness here, not style. Type-aware (no floating promises), the
// Temporal samples' rule for workflow code (no Node built-ins, no client/worker/activity SDKs), and the
// import boundaries (machines are pure law; production code never imports test helpers).
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

const introspectOnly = [
  { selector: "MemberExpression[property.name='_nodes']", message: 'xstate internals: read machines through machines/introspect.ts' },
  { selector: "ImportSpecifier[imported.name='getStateNodes']", message: 'read machines through machines/introspect.ts' },
];
const slowSpreadLiteral = {
  selector: 'ObjectExpression > SpreadElement:first-child ~ Property',
  message:
    'use stamped(record, { ...fields }) from machines/immutable.ts: Node 20 builds `{ ...record, field }` on a slow path (about 1 µs, and the object stays slow to read and serialise)',
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'dist/**', 'coverage/**', 'bench/results/**', '**/*.js', '**/*.mjs'] },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
  {
    // Production code never imports the tests' helpers.
    files: ['**/*.ts'],
    ignores: ['test/**', 'bench/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/test/**', '**/machines/testing.ts'], message: 'production code never imports test helpers' }] }],
    },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox (the samples' rule).
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'no Node built-ins in workflow code' })),
          patterns: [
            { group: ['@temporalio/client', '@temporalio/worker', '@temporalio/activity', '@temporalio/testing'], message: 'workflow code imports only @temporalio/workflow and @temporalio/common' },
            { group: ['**/activities/*', '!**/activities/index.ts'], message: 'activities are imported type-only through activities/index.ts' },
            { group: ['**/test/**', '**/machines/testing.ts'], message: 'production code never imports test helpers' },
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'process', message: 'no process in workflow code' }, { name: 'Buffer', message: 'no Buffer in workflow code' }],
      'no-restricted-properties': ['error', { object: 'Math', property: 'random', message: 'use the workflow API (uuid4) or a seeded value; Math.random is replaced but hides intent' }],
    },
  },
  {
    // Machines are pure law: xstate, zod and each other, nothing of the rest.
    files: ['machines/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'machines are pure: no Node built-ins' })),
          patterns: [
            { regex: '^(?!xstate$|zod$|zod/|\\./)', message: 'machines import only xstate, zod and other files of machines/' },
          ],
        },
      ],
    },
  },
  {
    // One way to read a machine: walks over xstate's state nodes live in machines/introspect.ts, on its
    // public API (no `_nodes` or other internals); everything else asks introspect.
    files: ['**/*.ts'],
    ignores: ['machines/introspect.ts'],
    rules: {
      'no-restricted-syntax': ['error', ...introspectOnly],
    },
  },
  {
    // The law builds its records with `stamped` (machines/immutable.ts): Node 20's V8 builds an object
    // literal that starts with a spread and then adds fields on a slow path (about 1 µs instead of
    // 0.02–0.09 µs) and the object stays slow to read, walk and serialise. A later rule for the same files
    // replaces the earlier one's options, so the machines repeat introspect's selectors.
    files: ['machines/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error', slowSpreadLiteral, ...introspectOnly],
    },
  },
  {
    files: ['machines/introspect.ts'],
    rules: {
      'no-restricted-syntax': ['error', slowSpreadLiteral],
    },
  },
);
