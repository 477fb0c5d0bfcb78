// Types for toolchainPaths.mjs (plain Node ESM, shared with the postinstall script).
export declare const TEMPORAL_CLI_VERSION: string;
export declare const TEMPORAL_CLI_MODULE: string;
export declare const TEST_SERVER_VERSION: string;
export declare const TEST_SERVER_ARTIFACT: { groupId: string; artifactId: string; version: string };
export declare const TEST_SERVER_MAIN_CLASS: string;
export declare const MIN_GO_MINOR: number;
export declare const TEMPORAL_SERVER_VERSION: string;
export declare const TEMPORAL_SERVER_MODULE: string;
export declare function temporalServerDir(env?: Env): string;
export declare function locateTemporalServer(
  env?: Env,
): { server: string; sqlTool: string; schemaDir: string; source: 'TEMPORAL_SERVER_DIR' | 'cache' } | { error: string };

type Env = Record<string, string | undefined>;

export declare function cacheRoot(env?: Env): string;
export declare function temporalCliDir(env?: Env): string;
export declare function cachedTemporalCliPath(env?: Env): string;
export declare function testServerDir(env?: Env): string;
export declare function cachedTestServerScript(env?: Env): string;
export declare function isExecutableFile(file: string): boolean;
export declare function findOnPath(name: string, env?: Env): string | undefined;
export declare function findJava(env?: Env): string | undefined;
export declare function goMinorVersion(goBinary: string): number | undefined;

export declare const messages: {
  needGo: string;
  goTooOld: (minor: number) => string;
  cliNotBuilt: string;
  cliOverrideBad: (value: string) => string;
  needJava: string;
  needMaven: string;
  testServerNotInstalled: string;
  testServerOverrideBad: (value: string) => string;
  serverNotBuilt: string;
  serverDirBad: (value: string) => string;
};

export declare function locateTemporalCli(
  env?: Env,
): { path: string; source: 'TEMPORAL_CLI' | 'cache' | 'PATH' } | { error: string };

export declare function locateTestServer(
  env?: Env,
): { command: string; args: string[]; source: 'TEMPORAL_TEST_SERVER' | 'cache' } | { error: string };
