// Types for stackVersions.mjs (plain Node ESM, shared with the postinstall script).
export declare const TEMPORAL_SERVER_VERSION: string;
export declare const TEMPORAL_SERVER_MODULE: string;
export declare const TEMPORAL_ADMIN_TOOLS_TAG: string;
export declare const TEMPORAL_UI_VERSION: string;
export declare const POSTGRES_IMAGE_VERSION: string;
export declare const POSTGRES_MIN_MAJOR: number;
export declare const MAILPIT_VERSION: string;
export declare const STACK_SETTINGS: Readonly<{
  sqlPlugin: string;
  schemaDir: string;
  temporalDatabase: string;
  visibilityDatabase: string;
  temporalUser: string;
  jeugdflowDatabase: string;
  jeugdflowUser: string;
  numHistoryShards: number;
  namespaceRetention: string;
  workerReplicas: number;
  smtpPort: number;
}>;
