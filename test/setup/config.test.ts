// Configuration from the environment: defaults that run everything locally, and one clear message
// naming the variable when a value is wrong.
import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_DATA_DIR, deploymentSettingsOf, loadConfig, temporalAddress, usesDevServer, usesTls } from '../../config/index.ts';

function configError(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('without any variable runs locally: own dev server on 127.0.0.1:7233, data in <repo>/data', () => {
    const config = loadConfig({});
    expect(usesDevServer(config)).toBe(true);
    expect(temporalAddress(config)).toBe('127.0.0.1:7233');
    expect(config).toMatchObject({
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: 'jeugdflow',
      JEUGDFLOW_DATA_DIR: DEFAULT_DATA_DIR,
      TEMPORAL_UI_PORT: 8233,
      CONSOLE_URL: 'http://localhost:3000',
      SMTP_URL: 'smtp://127.0.0.1:1025',
      LOG_LEVEL: 'info',
      CALENDAR_GOEDE_VRIJDAG: true,
      CALENDAR_BEVRIJDINGSDAG: true,
    });
    expect(usesTls(config)).toBe(false);
  });

  it('with TEMPORAL_ADDRESS uses that cluster and starts no dev server', () => {
    const config = loadConfig({ TEMPORAL_ADDRESS: 'temporal:7233', TEMPORAL_DEV_PORT: '7300' });
    expect(usesDevServer(config)).toBe(false);
    expect(temporalAddress(config)).toBe('temporal:7233');
  });

  it('treats blank values as unset', () => {
    expect(loadConfig({ TEMPORAL_ADDRESS: '', LOG_LEVEL: '  ' })).toMatchObject({ LOG_LEVEL: 'info' });
    expect(usesDevServer(loadConfig({ TEMPORAL_ADDRESS: '' }))).toBe(true);
  });

  it('reads booleans as true/false/1/0 and ports as numbers', () => {
    const config = loadConfig({ CALENDAR_GOEDE_VRIJDAG: 'False', CALENDAR_BEVRIJDINGSDAG: '0', CONSOLE_PORT: '8080' });
    expect(config).toMatchObject({ CALENDAR_GOEDE_VRIJDAG: false, CALENDAR_BEVRIJDINGSDAG: false, CONSOLE_PORT: 8080, CONSOLE_URL: 'http://localhost:8080' });
  });

  it('names the variable, what it expects and what it got', () => {
    expect(configError({ TEMPORAL_DEV_PORT: 'abc' })).toBe("Invalid configuration: TEMPORAL_DEV_PORT must be an integer 1–65535 (got 'abc')");
    expect(configError({ CONSOLE_PORT: '70000' })).toContain("CONSOLE_PORT must be an integer 1–65535 (got '70000')");
    expect(configError({ LOG_LEVEL: 'loud' })).toContain('LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent');
    expect(configError({ CALENDAR_GOEDE_VRIJDAG: 'ja' })).toContain("CALENDAR_GOEDE_VRIJDAG must be 'true', 'false', '1' or '0' (got 'ja')");
    expect(configError({ TEMPORAL_ADDRESS: 'not an address' })).toContain('TEMPORAL_ADDRESS must be host:port');
  });

  it('WORKER_MAX_CACHED_WORKFLOWS sets how many open cases a worker keeps in memory: unset leaves the SDK default, 2–1000000', () => {
    expect(loadConfig({}).WORKER_MAX_CACHED_WORKFLOWS).toBeUndefined();
    expect(loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '20000' }).WORKER_MAX_CACHED_WORKFLOWS).toBe(20_000);
    expect(configError({ WORKER_MAX_CACHED_WORKFLOWS: '1' })).toContain("WORKER_MAX_CACHED_WORKFLOWS must be an integer 2–1000000 (open cases a worker keeps in memory; each takes about 0.3 MB) (got '1')");
    expect(configError({ WORKER_MAX_CACHED_WORKFLOWS: 'veel' })).toContain('WORKER_MAX_CACHED_WORKFLOWS');
  });

  it('002 §4.3 "binnen 2 dagen": ZBT_CONTACT_TERM_DAYS is the commissioning body\'s deployment setting, 2 by default, 1–10 days', () => {
    expect(deploymentSettingsOf(loadConfig({}))).toEqual({ zbtContactTermDays: 2 });
    expect(deploymentSettingsOf(loadConfig({ ZBT_CONTACT_TERM_DAYS: '3' }))).toEqual({ zbtContactTermDays: 3 });
    expect(configError({ ZBT_CONTACT_TERM_DAYS: '0' })).toContain("ZBT_CONTACT_TERM_DAYS must be an integer 1–10");
    expect(configError({ ZBT_CONTACT_TERM_DAYS: '11' })).toContain("(got '11')");
    expect(configError({ ZBT_CONTACT_TERM_DAYS: '2.5' })).toContain('ZBT_CONTACT_TERM_DAYS');
  });

  it('lists every bad variable at once', () => {
    const message = configError({ TEMPORAL_DEV_PORT: 'x', MAIL_FROM: 'nobody' });
    expect(message).toContain('TEMPORAL_DEV_PORT');
    expect(message).toContain('MAIL_FROM');
  });

  it('never echoes secrets', () => {
    expect(configError({ SMTP_URL: 'http://user:geheim@mail.example.nl' })).not.toContain('geheim');
  });

  it('needs the client certificate and its key together, and turns TLS on for them or an API key', () => {
    expect(configError({ TEMPORAL_TLS_CERT_PATH: 'client.pem' })).toContain('TEMPORAL_TLS_KEY_PATH must be set too');
    expect(usesTls(loadConfig({ TEMPORAL_TLS_CERT_PATH: 'c.pem', TEMPORAL_TLS_KEY_PATH: 'c.key' }))).toBe(true);
    expect(usesTls(loadConfig({ TEMPORAL_API_KEY: 'key' }))).toBe(true);
    expect(usesTls(loadConfig({ TEMPORAL_API_KEY: 'key', TEMPORAL_TLS: 'false' }))).toBe(false);
  });
});
