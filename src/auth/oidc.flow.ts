import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import * as client from 'openid-client';
import type { OidcSettings } from '../lib/oidc-settings.js';

/*
 * The authorization code flow with PKCE, state and nonce, all checked by openid-client. What the browser must bring
 * back (state, nonce, the PKCE verifier, where to go next) rides in a short-lived cookie sealed with AES-256-GCM
 * under a key derived from the client secret: the server keeps nothing between the two requests, every node agrees,
 * and the browser can neither read nor alter it.
 */
export const flowCookieName = 'kf_oidc_flow';
export const flowLifetimeSeconds = 600;

export type FlowState = { state: string; nonce: string; verifier: string; next: string; lang: 'zh' | 'en'; expires: number };

const sealingKey = (settings: OidcSettings) => Buffer.from(hkdfSync('sha256', settings.clientSecret, settings.issuer.href, 'kaifang-oidc-flow', 32));

export function sealFlow(settings: OidcSettings, flow: FlowState): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealingKey(settings), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(flow), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

/** The flow of this cookie, or null when it was altered, sealed for another client, or is out of date. */
export function openFlow(settings: OidcSettings, value: string | undefined, now: Date): FlowState | null {
  if (!value) return null;
  try {
    const raw = Buffer.from(value, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', sealingKey(settings), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    const flow = JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8')) as FlowState;
    return flow.expires > now.getTime() ? flow : null;
  } catch {
    return null;
  }
}

export type OidcClaims = Record<string, unknown> & { sub: string };
export type OidcSignIn = { claims: OidcClaims; idToken: string };

export type OidcClient = {
  settings: OidcSettings;
  /** Where to send the browser, and the flow to keep in the cookie. */
  start(redirectUri: string, next: string, lang: 'zh' | 'en', now: Date): Promise<{ url: string; flow: FlowState }>;
  /** Exchanges the code (state, nonce and PKCE checked); throws on anything wrong. */
  finish(callbackUrl: URL, flow: FlowState): Promise<OidcSignIn>;
  /** The provider's end-session URL (RP-initiated logout), or null when it has none. */
  endSessionUrl(idToken: string, postLogoutRedirectUri: string): Promise<string | null>;
};

export function createOidcClient(settings: OidcSettings): OidcClient {
  let discovered: Promise<client.Configuration> | null = null;
  // Discovered on first use (the provider may start after the portal), again after a failure.
  const config = () =>
    (discovered ??= client
      .discovery(settings.issuer, settings.clientId, settings.clientSecret, undefined, settings.insecureLoopback ? { execute: [client.allowInsecureRequests] } : undefined)
      .catch((err: unknown) => {
        discovered = null;
        throw err;
      }));

  return {
    settings,
    async start(redirectUri, next, lang, now) {
      const cfg = await config();
      const flow: FlowState = { state: client.randomState(), nonce: client.randomNonce(), verifier: client.randomPKCECodeVerifier(), next, lang, expires: now.getTime() + flowLifetimeSeconds * 1000 };
      const url = client.buildAuthorizationUrl(cfg, {
        redirect_uri: redirectUri,
        scope: settings.scopes,
        code_challenge: await client.calculatePKCECodeChallenge(flow.verifier),
        code_challenge_method: 'S256',
        state: flow.state,
        nonce: flow.nonce,
      });
      return { url: url.href, flow };
    },
    async finish(callbackUrl, flow) {
      const cfg = await config();
      const tokens = await client.authorizationCodeGrant(cfg, callbackUrl, { pkceCodeVerifier: flow.verifier, expectedState: flow.state, expectedNonce: flow.nonce, idTokenExpected: true });
      const idClaims = tokens.claims();
      if (!idClaims || !tokens.id_token) throw new Error('no ID token');
      // Providers put profile claims in the UserInfo answer rather than the ID token; the subject must match.
      const info = cfg.serverMetadata().userinfo_endpoint ? await client.fetchUserInfo(cfg, tokens.access_token, idClaims.sub) : {};
      return { claims: { ...info, ...idClaims } as OidcClaims, idToken: tokens.id_token };
    },
    async endSessionUrl(idToken, postLogoutRedirectUri) {
      const cfg = await config();
      if (!cfg.serverMetadata().end_session_endpoint) return null;
      return client.buildEndSessionUrl(cfg, { id_token_hint: idToken, post_logout_redirect_uri: postLogoutRedirectUri }).href;
    },
  };
}
