// The production-shaped stack in docker-compose.yml and the image in Dockerfile. With the docker
// compose plugin present, `docker compose config` validates the file too; the structure is always
// checked from the YAML itself (no Docker engine needed).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../config/index.ts';
import {
  MAILPIT_VERSION,
  POSTGRES_IMAGE_VERSION,
  STACK_SETTINGS,
  TEMPORAL_ADMIN_TOOLS_TAG,
  TEMPORAL_SERVER_VERSION,
  TEMPORAL_UI_VERSION,
} from '../../scripts/stackVersions.mjs';
import { serverConfigYaml, temporalPortsFrom } from '../../scripts/temporalServer.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const composeFile = `${root}docker-compose.yml`;
const dockerfile = readFileSync(`${root}Dockerfile`, 'utf8');

interface Service {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  command?: string | string[];
  container_name?: string;
  environment?: Record<string, string> | string[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: unknown; disable?: boolean };
  deploy?: { replicas?: number };
}
const compose = parse(readFileSync(composeFile, 'utf8'), { merge: true }) as { services: Record<string, Service> };
const services = compose.services;

/** Compose interpolation as it happens without a .env file: ${VAR:-default} → default. */
function interpolate(value: string): string {
  return value.replace(/\$\{(\w+)(?::?-([^}]*))?\}/g, (_m, _name: string, fallback?: string) => fallback ?? '');
}

function envOf(service: Service): Record<string, string> {
  const env = service.environment ?? {};
  const pairs = Array.isArray(env) ? env.map((kv) => kv.split(/=(.*)/s, 2) as [string, string]) : Object.entries(env);
  return Object.fromEntries(pairs.map(([k, v]) => [k, interpolate(String(v))]));
}

function dependencies(service: Service): Record<string, string> {
  const deps = service.depends_on ?? [];
  return Array.isArray(deps)
    ? Object.fromEntries(deps.map((d) => [d, 'service_started']))
    : Object.fromEntries(Object.entries(deps).map(([d, v]) => [d, v.condition ?? 'service_started']));
}

function serviceWithImage(prefix: string): [string, Service] {
  const found = Object.entries(services).find(([, s]) => s.image?.startsWith(prefix));
  if (!found) throw new Error(`no service runs ${prefix}`);
  return found;
}

/** Every service `name` needs, transitively. */
function closure(name: string, seen = new Set<string>()): Set<string> {
  for (const dep of Object.keys(dependencies(services[name]!))) {
    if (!seen.has(dep)) {
      seen.add(dep);
      closure(dep, seen);
    }
  }
  return seen;
}

const composePlugin = spawnSync('docker', ['compose', 'version'], { stdio: 'ignore' }).status === 0;

describe('docker compose stack', () => {
  it.runIf(composePlugin)('is accepted by `docker compose config`', () => {
    execFileSync('docker', ['compose', '-f', composeFile, 'config', '--quiet'], { cwd: root, stdio: 'pipe' });
  });

  it('has PostgreSQL, the Temporal server and UI, a mail catcher and the jeugdflow worker', () => {
    expect(Object.keys(services)).toEqual(expect.arrayContaining(['postgresql', 'temporal', 'temporal-ui', 'mailpit', 'worker']));
    expect(services.postgresql!.image).toMatch(/^postgres:/);
    expect(services.temporal!.image).toMatch(/^temporalio\/(server|auto-setup):/);
    expect(services['temporal-ui']!.image).toMatch(/^temporalio\/ui:/);
    expect(services.mailpit!.image).toMatch(/^axllent\/mailpit:/);
  });

  it('pins every image by an explicit tag (never latest)', () => {
    for (const [name, service] of Object.entries(services)) {
      if (service.build) continue;
      expect(service.image, name).toMatch(/^[\w./-]+:(?!latest$)[\w.-]+$/);
    }
  });

  it('builds the worker from the Dockerfile and lets it scale: no container_name, two replicas', () => {
    const worker = services.worker!;
    const context = typeof worker.build === 'string' ? worker.build : worker.build?.context;
    expect(context).toBe('.');
    expect(existsSync(`${root}${typeof worker.build === 'object' && worker.build.dockerfile ? worker.build.dockerfile : 'Dockerfile'}`)).toBe(true);
    expect(worker.container_name).toBeUndefined();
    expect(worker.deploy?.replicas).toBeGreaterThanOrEqual(2);
  });

  it('points the worker at the temporal service and the mail catcher, with a configuration loadConfig accepts', () => {
    const env = envOf(services.worker!);
    const [temporalName] = serviceWithImage('temporalio/server');
    expect(env.TEMPORAL_ADDRESS).toBe(`${temporalName}:7233`);
    expect(env.SMTP_URL).toBe('smtp://mailpit:1025');
    expect(() => loadConfig(env)).not.toThrow();
    expect(envOf(services['temporal-ui']!).TEMPORAL_ADDRESS).toBe(`${temporalName}:7233`);
  });

  it('starts the worker only after Temporal is up, the namespace exists and the search attributes are registered', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const dep of Object.keys(dependencies(service))) expect(Object.keys(services), `${name} depends on ${dep}`).toContain(dep);
    }
    const needs = closure('worker');
    expect([...needs]).toEqual(expect.arrayContaining(['temporal', 'postgresql', 'mailpit', 'jeugdflow-setup', 'temporal-namespace']));
    expect(dependencies(services.worker!)['jeugdflow-setup']).toBe('service_completed_successfully');
    const setup = services['jeugdflow-setup']!;
    expect(setup.command).toEqual(['node', '--import', 'tsx', 'scripts/registerSearchAttributes.ts']);
    expect(existsSync(`${root}scripts/registerSearchAttributes.ts`)).toBe(true);
    expect(envOf(setup)).toEqual(envOf(services.worker!));
  });

  it('has healthchecks on the services others wait for', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const [dep, condition] of Object.entries(dependencies(service))) {
        if (condition === 'service_healthy') expect(services[dep]!.healthcheck?.test, `${name} waits for ${dep} to be healthy`).toBeDefined();
      }
    }
    for (const name of ['postgresql', 'temporal', 'mailpit']) expect(services[name]!.healthcheck?.test, name).toBeDefined();
  });
});

describe('compose and the Docker-free cluster stack (npm run stack:cluster) cannot drift', () => {
  it('runs the versions of scripts/stackVersions.mjs', () => {
    expect(services.temporal!.image).toBe(`temporalio/server:${TEMPORAL_SERVER_VERSION}`);
    expect(services['temporal-schema']!.image).toBe(`temporalio/admin-tools:${TEMPORAL_ADMIN_TOOLS_TAG}`);
    expect(services['temporal-namespace']!.image).toBe(`temporalio/admin-tools:${TEMPORAL_ADMIN_TOOLS_TAG}`);
    expect(TEMPORAL_ADMIN_TOOLS_TAG.startsWith(`${TEMPORAL_SERVER_VERSION}-`)).toBe(true);
    expect(services['temporal-ui']!.image).toBe(`temporalio/ui:${TEMPORAL_UI_VERSION}`);
    expect(services.postgresql!.image).toBe(`postgres:${POSTGRES_IMAGE_VERSION}`);
    expect(services['jeugdflow-db']!.image).toBe(`postgres:${POSTGRES_IMAGE_VERSION}`);
    expect(services.mailpit!.image).toBe(`axllent/mailpit:${MAILPIT_VERSION}`);
  });

  it('uses the same SQL plugin, databases, schema folders, shard count, retention and worker count', () => {
    const s = STACK_SETTINGS;
    const temporalEnv = envOf(services.temporal!);
    expect(temporalEnv.DB).toBe(s.sqlPlugin);
    expect(temporalEnv.POSTGRES_USER).toBe(s.temporalUser);
    expect(temporalEnv.NUM_HISTORY_SHARDS).toBe(String(s.numHistoryShards));
    const schema = String(services['temporal-schema']!.command);
    expect(schema).toContain(`--plugin ${s.sqlPlugin}`);
    expect(schema).toContain(`schema=/etc/temporal/${s.schemaDir}`);
    for (const db of [s.temporalDatabase, s.visibilityDatabase]) {
      expect(schema).toContain(`--db ${db} setup-schema -v 0.0`);
    }
    expect(schema).toContain(`--db ${s.temporalDatabase} update-schema -d $$schema/temporal/versioned`);
    expect(schema).toContain(`--db ${s.visibilityDatabase} update-schema -d $$schema/visibility/versioned`);
    expect(String(services['temporal-namespace']!.command)).toContain(`--retention ${s.namespaceRetention}`);
    expect(services.worker!.deploy?.replicas).toBe(s.workerReplicas);
    expect(envOf(services.worker!).DATABASE_URL).toMatch(new RegExp(`^postgres://${s.jeugdflowUser}:[^@]*@postgresql:5432/${s.jeugdflowDatabase}$`));
    expect(envOf(services.worker!).SMTP_URL).toBe(`smtp://mailpit:${s.smtpPort}`);
  });

  it('writes the local server configuration from the same settings', () => {
    const local = parse(serverConfigYaml({ pgPort: 5433, ports: temporalPortsFrom(7233) })) as {
      persistence: { numHistoryShards: number; datastores: Record<string, { sql: { pluginName: string; databaseName: string } }> };
      services: Record<string, { rpc: { bindOnLocalHost: boolean } }>;
    };
    expect(local.persistence.numHistoryShards).toBe(STACK_SETTINGS.numHistoryShards);
    const stores = Object.values(local.persistence.datastores).map((d) => d.sql);
    expect(stores.map((d) => d.pluginName)).toEqual([STACK_SETTINGS.sqlPlugin, STACK_SETTINGS.sqlPlugin]);
    expect(stores.map((d) => d.databaseName).sort()).toEqual([STACK_SETTINGS.temporalDatabase, STACK_SETTINGS.visibilityDatabase].sort());
    // Loopback only, every service.
    expect(Object.values(local.services).every((svc) => svc.rpc.bindOnLocalHost)).toBe(true);
  });

  it('registers the search attributes with the same code (scripts/registerSearchAttributes.ts → config/searchAttributes.ts)', () => {
    const cluster = readFileSync(`${root}scripts/temporalServer.ts`, 'utf8');
    const oneShot = readFileSync(`${root}scripts/registerSearchAttributes.ts`, 'utf8');
    for (const source of [cluster, oneShot]) expect(source).toMatch(/import \{ registerSearchAttributes \} from '\.\.\/config\/searchAttributes\.ts'/);
  });
});

describe('Dockerfile', () => {
  it('installs production dependencies only, without the local Temporal toolchain', () => {
    expect(dockerfile).toMatch(/^FROM node:20-bookworm-slim$/m);
    expect(dockerfile).toMatch(/JEUGDFLOW_SKIP_TOOLCHAIN=1/);
    expect(dockerfile).toMatch(/RUN npm ci --omit=dev/);
    // npm ci runs the root postinstall: its script must be copied before.
    expect(dockerfile.indexOf('COPY scripts/installToolchain.mjs scripts/toolchainPaths.mjs')).toBeLessThan(dockerfile.indexOf('RUN npm ci'));
    // …with what they import (toolchainPaths.mjs takes the server version from stackVersions.mjs).
    const copied = /^COPY (scripts\/installToolchain\.mjs [^\n]*) \.\/scripts\/$/m.exec(dockerfile)?.[1]?.split(' ') ?? [];
    for (const file of ['installToolchain.mjs', 'toolchainPaths.mjs']) {
      for (const [, imported] of readFileSync(`${root}scripts/${file}`, 'utf8').matchAll(/from '\.\/([\w.]+\.mjs)'/g)) {
        expect(copied, `${file} imports ${imported}`).toContain(`scripts/${imported}`);
      }
    }
  });

  it('runs the worker as an unprivileged user', () => {
    expect(dockerfile).toMatch(/^USER node$/m);
    const cmd = /^CMD (\[.*\])$/m.exec(dockerfile);
    expect(cmd).not.toBeNull();
    const argv = JSON.parse(cmd![1]!) as string[];
    expect(argv).toEqual(['node', '--import', 'tsx', 'worker/main.ts']);
    expect(existsSync(`${root}${argv.at(-1)}`)).toBe(true);
  });

  it('needs no dev dependency at run time (tsx is a dependency)', () => {
    const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { dependencies: Record<string, string> };
    expect(Object.keys(pkg.dependencies)).toEqual(expect.arrayContaining(['tsx', '@temporalio/worker', '@temporalio/client']));
  });
});
