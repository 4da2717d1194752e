import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

// A real OpenID provider (oidc-provider) on 127.0.0.1, for the unified identity tests. Its login page is the library's
// development form: any login name signs in as the account of that name (the password is not checked), then a consent
// page. It listens first and is configured once the portal's address (its redirect URI) is known.

export type TestAccounts = Record<string, Record<string, unknown>>;
export type TestOidcProvider = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Registers the portal's callback and post-logout addresses; the provider answers from then on. */
  configure(o: { redirectUris: string[]; postLogoutRedirectUris: string[] }): void;
  close(): Promise<void>;
};

export async function startOidcProvider(accounts: TestAccounts): Promise<TestOidcProvider> {
  let handler: http.RequestListener | null = null;
  const server = http.createServer((req, res) => {
    if (handler) return void handler(req, res);
    res.statusCode = 503;
    res.end('not configured');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'kaifang-portal';
  const clientSecret = 'test-client-secret-of-the-portal-0123456789';
  return {
    issuer,
    clientId,
    clientSecret,
    configure({ redirectUris, postLogoutRedirectUris }) {
      const provider = new Provider(issuer, {
        clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: redirectUris, post_logout_redirect_uris: postLogoutRedirectUris, grant_types: ['authorization_code'], response_types: ['code'] }],
        claims: { openid: ['sub'], profile: ['name'], email: ['email', 'email_verified'], department: ['department_code', 'dept_role', 'self_department'] },
        findAccount: (_ctx, id) => (accounts[id] ? { accountId: id, claims: () => ({ sub: id, ...accounts[id] }) } : undefined),
        cookies: { keys: ['oidc-test-cookie-key-0123456789'] },
        features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
        pkce: { required: () => true },
      });
      provider.on('server_error', (_ctx, err) => console.error('oidc-provider', err));
      handler = provider.callback();
    },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
