// Sign-in settings (issue 17): OIDC_* and TRUST_PROXY checked with zod at start-up, one message naming
// the variable; the client secret never echoed; claims mapped to a jeugdflow user by one pure function.
import { describe, expect, it } from 'vitest';
import { oidcSettingsFromConfig, userFromClaims } from '../../api/oidc.ts';
import { ConfigError, loadConfig, usesOidc } from '../../config/index.ts';

function configError(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
}

const OIDC = { OIDC_ISSUER: 'https://login.regio.example.nl/realms/jeugd', OIDC_CLIENT_ID: 'jeugdflow', OIDC_CLIENT_SECRET: 's3cr3t-s3cr3t-s3cr3t-s3cr3t' };

describe('OpenID Connect settings', () => {
  it('without OIDC_ISSUER there is no OpenID Connect sign-in (local users only)', () => {
    const config = loadConfig({});
    expect(usesOidc(config)).toBe(false);
    expect(oidcSettingsFromConfig(config)).toBeUndefined();
  });

  it('with issuer, client id and secret: defaults for scope, claims and the redirect URL on CONSOLE_URL', () => {
    const settings = oidcSettingsFromConfig(loadConfig({ ...OIDC, CONSOLE_URL: 'https://jeugdflow.regio.example.nl' }))!;
    expect(settings.issuer.href).toBe('https://login.regio.example.nl/realms/jeugd');
    expect(settings.redirectUrl.href).toBe('https://jeugdflow.regio.example.nl/auth/oidc/callback');
    expect(settings.scope).toBe('openid profile');
    expect(settings.claims).toEqual({ userId: 'preferred_username', name: 'name', roles: 'roles', provider: 'provider' });
    expect(settings.roleMap.size).toBe(0);
  });

  it('reads the claim names and the role map', () => {
    const settings = oidcSettingsFromConfig(
      loadConfig({
        ...OIDC,
        OIDC_ROLES_CLAIM: 'realm_access.roles',
        OIDC_PROVIDER_CLAIM: 'aanbieder_code',
        OIDC_ROLE_MAP: '{"jf-cm":"contractmanager","jf-toezicht":"supervisor"}',
        OIDC_SCOPES: 'openid profile jeugdflow',
      }),
    )!;
    expect(settings.claims.roles).toBe('realm_access.roles');
    expect(settings.claims.provider).toBe('aanbieder_code');
    expect([...settings.roleMap]).toEqual([
      ['jf-cm', 'contractmanager'],
      ['jf-toezicht', 'supervisor'],
    ]);
    expect(settings.scope).toBe('openid profile jeugdflow');
  });

  it('needs the client id and secret with the issuer, and the issuer with any other OIDC setting', () => {
    expect(configError({ OIDC_ISSUER: OIDC.OIDC_ISSUER })).toContain('OIDC_CLIENT_ID and OIDC_CLIENT_SECRET must be set too when OIDC_ISSUER is set');
    expect(configError({ OIDC_CLIENT_ID: 'jeugdflow', OIDC_ROLES_CLAIM: 'groups' })).toContain('OIDC_ISSUER must be set too when OIDC_CLIENT_ID, OIDC_ROLES_CLAIM are set');
  });

  it('refuses an issuer over plain http (except on this machine), a role map to an unknown role, scopes without openid, a foreign callback path', () => {
    expect(configError({ ...OIDC, OIDC_ISSUER: 'http://login.regio.example.nl' })).toContain('OIDC_ISSUER must be the https URL of the OpenID Connect issuer');
    expect(loadConfig({ ...OIDC, OIDC_ISSUER: 'http://127.0.0.1:8080' }).OIDC_ISSUER).toBe('http://127.0.0.1:8080');
    expect(configError({ ...OIDC, OIDC_ROLE_MAP: '{"jf-x":"burgemeester"}' })).toContain('OIDC_ROLE_MAP must be a JSON object from claim value to jeugdflow role');
    expect(configError({ ...OIDC, OIDC_ROLE_MAP: 'jf-x=contractmanager' })).toContain('OIDC_ROLE_MAP');
    expect(configError({ ...OIDC, OIDC_SCOPES: 'profile email' })).toContain("OIDC_SCOPES must be space-separated scopes including 'openid'");
    expect(configError({ ...OIDC, OIDC_REDIRECT_URL: 'https://jeugdflow.example.nl/elders' })).toContain('OIDC_REDIRECT_URL must be the callback URL');
  });

  it('never echoes the client secret', () => {
    const message = configError({ ...OIDC, OIDC_CLIENT_SECRET: 'kort-geheim' });
    expect(message).toContain('OIDC_CLIENT_SECRET must be the client secret (at least 16 characters)');
    expect(message).not.toContain('kort-geheim');
  });
});

describe('TRUST_PROXY', () => {
  it('is off by default and takes addresses, CIDR ranges and the named ranges', () => {
    expect(loadConfig({}).TRUST_PROXY).toBeUndefined();
    expect(loadConfig({ TRUST_PROXY: '10.0.0.5, 10.1.0.0/16,loopback,::1' }).TRUST_PROXY).toEqual(['10.0.0.5', '10.1.0.0/16', 'loopback', '::1']);
  });

  it("refuses 'true' and anything else that is not an address: trusting everyone's X-Forwarded-For would let anyone pick their address", () => {
    expect(configError({ TRUST_PROXY: 'true' })).toContain('TRUST_PROXY must be the reverse proxies to believe X-Forwarded-For from');
    expect(configError({ TRUST_PROXY: '10.0.0.0/33' })).toContain('TRUST_PROXY');
    expect(configError({ TRUST_PROXY: 'proxy.example.nl' })).toContain('TRUST_PROXY');
  });
});

describe('claims to a jeugdflow user', () => {
  const settings = { claims: { userId: 'preferred_username', name: 'name', roles: 'realm_access.roles', provider: 'provider' }, roleMap: new Map() };

  it('reads a nested roles claim, takes the role codes themselves without a role map, and lower-cases the user id', () => {
    const result = userFromClaims({ sub: 'x1', preferred_username: 'Anna.deVries', name: 'Anna', realm_access: { roles: ['offline_access', 'contractmanager'] } }, settings);
    expect(result).toEqual({ ok: true, user: { id: 'anna.devries', name: 'Anna', roles: ['contractmanager'] } });
  });

  it('falls back to sub for the user id and to the user id for the name', () => {
    const result = userFromClaims({ sub: 'abc-123', realm_access: { roles: 'supervisor' } }, settings);
    expect(result).toEqual({ ok: true, user: { id: 'abc-123', name: 'abc-123', roles: ['supervisor'] } });
  });

  it('refuses a provider claim that is not a provider code', () => {
    const result = userFromClaims({ sub: 'e', realm_access: { roles: ['aanbieder'] }, provider: 'zorg oost; drop' }, settings);
    expect(result).toMatchObject({ ok: false, reason: 'BAD_PROVIDER' });
  });
});
