// A real OpenID Connect provider (oidc-provider) on a loopback port for the sign-in tests, and a
// browserless "browser": follow redirects with fetch, keep the provider's cookies, and fill in its
// development log-in and consent forms (any account id logs in; the claims come from `accounts`).
import { createServer, type Server } from 'node:http';
import Provider from 'oidc-provider';
import { freePort } from '../../scripts/devServer.ts';

export interface TestIdentityProvider {
  issuer: string;
  /**
   * Signs `accountId` in at the provider, starting from the authorization URL jeugdflow redirected to;
   * returns the URL the provider sends the browser back to (jeugdflow's callback, with code and state).
   */
  signIn(authorizationUrl: string, accountId: string): Promise<URL>;
  close(): Promise<void>;
}

export async function startIdentityProvider(opts: {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  accounts: Record<string, Record<string, unknown>>;
  port?: number;
}): Promise<TestIdentityProvider> {
  const port = opts.port ?? (await freePort());
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: opts.clientId,
        client_secret: opts.clientSecret,
        redirect_uris: [opts.redirectUri],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    claims: { openid: ['sub'], profile: ['name', 'preferred_username', 'roles', 'provider'] },
    findAccount: (_ctx, id) => (opts.accounts[id] ? { accountId: id, claims: () => ({ sub: id, ...opts.accounts[id] }) } : undefined),
    features: { devInteractions: { enabled: true } },
    pkce: { required: () => true },
    cookies: { keys: ['jeugdflow-test-identity-provider'] },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
  });
  const server: Server = createServer(provider.callback());
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));

  async function signIn(authorizationUrl: string, accountId: string): Promise<URL> {
    const jar = new Map<string, string>();
    const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const remember = (res: Response) => {
      for (const line of res.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const eq = pair!.indexOf('=');
        jar.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
      }
    };
    let url = new URL(authorizationUrl);
    let body: URLSearchParams | undefined;
    for (let hop = 0; hop < 20; hop++) {
      if (url.origin !== issuer) return url; // back at the client
      const res = await fetch(url, {
        method: body ? 'POST' : 'GET',
        redirect: 'manual',
        headers: { cookie: cookieHeader(), ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
        ...(body ? { body } : {}),
      });
      remember(res);
      body = undefined;
      const location = res.headers.get('location');
      if (location) {
        url = new URL(location, url);
        await res.arrayBuffer();
        continue;
      }
      const page = await res.text();
      if (res.status !== 200) throw new Error(`identity provider answered ${res.status}: ${page.slice(0, 500)}`);
      // The development interaction: the log-in form, then the consent form, both posted to the same URL.
      const prompt = /name="prompt" value="(\w+)"/.exec(page)?.[1];
      if (prompt === 'login') body = new URLSearchParams({ prompt: 'login', login: accountId, password: 'any' });
      else if (prompt === 'consent' || /Authorize|consent/i.test(page)) body = new URLSearchParams({ prompt: 'consent' });
      else throw new Error(`unexpected page at the identity provider: ${page.slice(0, 500)}`);
    }
    throw new Error('too many redirects at the identity provider');
  }

  return {
    issuer,
    signIn,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
