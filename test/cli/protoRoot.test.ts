// The compiled CLI bundles @temporalio/proto's JSON root without the parts no client call reaches
// (scripts/buildCli.mjs, issue 15). What it keeps must still be whole. No server needed.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

interface ProtoRoot {
  lookup(path: string): unknown;
  lookupService(path: string): { methodsArray: unknown[] };
  resolveAll(): ProtoRoot;
}
type Protobufjs = { Root: new () => ProtoRoot; roots: Record<string, ProtoRoot> };

const buildScript = fileURLToPath(new URL('../../scripts/buildCli.mjs', import.meta.url));
const require = createRequire(import.meta.url);
const jsonModule = require.resolve('@temporalio/proto/protos/json-module.js');
const protobufjs = createRequire(jsonModule)('protobufjs/light') as Protobufjs;

/** Evaluates a json-module.js source as CommonJS against a fresh set of protobufjs roots. */
function evaluate(source: string): ProtoRoot {
  const mod = { exports: {} as ProtoRoot };
  const isolated = Object.assign(Object.create(protobufjs) as Protobufjs, { roots: {} });
  new Function('require', 'module', 'exports', source)(() => isolated, mod, mod.exports);
  return mod.exports;
}

describe("the CLI bundle's trimmed Temporal proto root", () => {
  it('keeps every service the client calls, resolves every type it names, and drops Cloud and core-SDK messages', async () => {
    const { trimProtoRoot } = (await import(buildScript)) as { trimProtoRoot: (source: string, pb: Protobufjs) => string | undefined };
    const trimmed = trimProtoRoot(readFileSync(jsonModule, 'utf8'), protobufjs);
    expect(trimmed).toBeDefined();
    const root = evaluate(trimmed!);
    expect(() => root.resolveAll()).not.toThrow();
    for (const service of ['temporal.api.workflowservice.v1.WorkflowService', 'temporal.api.operatorservice.v1.OperatorService', 'temporal.api.testservice.v1.TestService', 'grpc.health.v1.Health']) {
      expect(root.lookupService(service).methodsArray.length).toBeGreaterThan(0);
    }
    expect(root.lookup('temporal.api.failure.v1.Failure')).toBeTruthy();
    expect(root.lookup('coresdk')).toBeNull();
    expect(root.lookup('temporal.api.cloud')).toBeNull();
  });

  it('a json-module.js of another shape is left alone (the bundle then keeps the full root)', async () => {
    const { trimProtoRoot } = (await import(buildScript)) as { trimProtoRoot: (source: string, pb: Protobufjs) => string | undefined };
    expect(trimProtoRoot('module.exports = require("protobufjs/light").Root.fromJSON(json);', protobufjs)).toBeUndefined();
  });
});
