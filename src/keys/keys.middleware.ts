import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../lib/context.js';
import type { AppDeps } from '../app-deps.js';
import { ApiError } from '../lib/errors.js';
import { publicOrigin } from '../lib/public-origin.js';
import { addressLimitKey, clientAddress } from '../lib/client-address.js';
import { createKeyFinder, touchKey } from './keys.service.js';
import type { LimitDecision } from './keys.ratelimit.js';
import { apiKeys } from './keys.table.js';

const alwaysKeyParams = new Set(['api_key', 'apikey', 'api-key', 'access_token', 'x-api-key']);
// `key` and `token` may be column names of a dataset, so they are refused only when they hold a key.
const keyLikeParams = new Set(['key', 'token']);

export function developerCentreUrl(c: Context, env: AppDeps['env']): string {
  return `${publicOrigin(c, env)}/developer`;
}

function keyInQuery(url: string): string | null {
  const at = url.indexOf('?');
  if (at < 0) return null;
  for (const [name, value] of new URLSearchParams(url.slice(at + 1))) {
    const n = name.toLowerCase();
    if (alwaysKeyParams.has(n) || (keyLikeParams.has(n) && value.startsWith('kf_'))) return name;
  }
  return null;
}

function presentedKey(c: Context): string | null {
  const auth = c.req.header('authorization');
  if (auth) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    return m ? m[1]! : '';
  }
  return c.req.header('x-api-key')?.trim() ?? null;
}

function limitHeaders(d: LimitDecision): Record<string, string> {
  return {
    'X-RateLimit-Limit': String(d.limit),
    'X-RateLimit-Remaining': String(d.remaining),
    'X-RateLimit-Reset': String(d.reset),
    'X-Quota-Limit': String(d.quotaLimit),
    'X-Quota-Remaining': String(d.quotaRemaining),
    'X-Quota-Reset': String(d.quotaReset),
  };
}

/** The answer to a request without a key where one is needed (also for a conditional dataset read anonymously). */
export function keyRequired(c: Context, env: AppDeps['env']): ApiError {
  const help = { developer_centre: developerCentreUrl(c, env), headers: { 'WWW-Authenticate': 'Bearer realm="kaifang"' } };
  return new ApiError(401, 'key_required', `This endpoint needs an API key. Sign up and create one in one minute at ${help.developer_centre}, then send it as 'Authorization: Bearer <key>'.`, help);
}

/** What anonymous reads are limited by: the client address (an IPv6 /64), as sign-in throttling derives it. */
export function anonymousClient(c: Context, env: AppDeps['env']): string {
  return `anon:${addressLimitKey(clientAddress(c, env.KAIFANG_TRUST_PROXY === '1'))}`;
}

function refused(d: LimitDecision, nowMs: number, headers: Record<string, string>, detail: (resetAt: string) => string): ApiError {
  const resetAt = new Date(nowMs + d.retryAfter * 1000).toISOString();
  return new ApiError(429, d.refusedBy === 'quota' ? 'quota_exceeded' : 'rate_limited', detail(resetAt), {
    headers: { ...headers, 'Retry-After': String(d.retryAfter) },
    retry_after: d.retryAfter,
    reset_at: resetAt,
  });
}

/**
 * Keyed endpoints: the key comes from `Authorization: Bearer` or `X-API-Key`, never the URL
 * (400 `key_in_query`: URLs end up in logs). 401 tells how to get a key; past a limit, 429.
 * Every keyed response carries the X-RateLimit-* headers. With `anonymous` (the records API), a request without a
 * key is let through under the per-address limits of KAIFANG_ANONYMOUS_RATE (same headers; 429 says a free key
 * raises them) with no `apiKey` set: the route itself refuses conditional datasets (`keyRequired`).
 */
export function apiKeyAuth(deps: AppDeps, options: { anonymous?: boolean } = {}): MiddlewareHandler<AppEnv> {
  const anonymousRate = deps.env.KAIFANG_ANONYMOUS_RATE;
  const anonymous = options.anonymous === true && anonymousRate.perMin > 0 && anonymousRate.perDay > 0;
  const limiter = deps.rateLimiter;
  const findKey = createKeyFinder(deps.db);
  const touched = new Map<string, number>();
  return async function apiKey(c, next) {
    const param = keyInQuery(c.req.url);
    if (param) throw new ApiError(400, 'key_in_query', `Do not put API keys in the URL (parameter '${param}'): URLs are logged. Send the key in the Authorization: Bearer header or X-API-Key.`);
    const secret = presentedKey(c);
    const help = { developer_centre: developerCentreUrl(c, deps.env), headers: { 'WWW-Authenticate': 'Bearer realm="kaifang"' } };
    // Only with no credential at all: a malformed Authorization or an empty X-API-Key is a failed sign-in, not a guest.
    if (secret === null && anonymous) return readAnonymously(c, next, help.developer_centre);
    if (!secret) throw keyRequired(c, deps.env);
    const key = await findKey(secret);
    if (!key) throw new ApiError(401, 'invalid_key', `This API key is unknown or revoked. Create a new one at ${help.developer_centre}.`, help);

    const nowMs = deps.now().getTime();
    const decision = await limiter.take(key, nowMs);
    const headers = limitHeaders(decision);
    if (!decision.allowed) {
      throw refused(decision, nowMs, headers, (resetAt) => decision.refusedBy === 'quota'
        ? `The daily quota of ${decision.quotaLimit} requests for this key is used up; it starts again at ${resetAt}.`
        : `More than ${decision.limit} requests a minute with this key; retry after ${decision.retryAfter} s (${resetAt}).`);
    }
    for (const [k, v] of Object.entries(headers)) c.header(k, v);
    // last_used_at is for people, so minute precision saves a write on nearly every request.
    if (nowMs - (touched.get(key.id) ?? 0) > 60_000) {
      touched.set(key.id, nowMs);
      await touchKey(deps.db, key.id, deps.now());
    }
    c.set('apiKey', key);
    await next();
  };

  async function readAnonymously(c: Context<AppEnv>, next: () => Promise<void>, developerCentre: string): Promise<void> {
    const nowMs = deps.now().getTime();
    const decision = await limiter.takeAnonymous(anonymousClient(c, deps.env), anonymousRate, nowMs);
    const headers = limitHeaders(decision);
    if (!decision.allowed) {
      const raise = `A free API key raises the limit to ${keyDefaults.ratePerMin} a minute and ${keyDefaults.dailyQuota} a day: create one in one minute at ${developerCentre} and send it as 'Authorization: Bearer <key>'.`;
      throw refused(decision, nowMs, headers, (resetAt) => decision.refusedBy === 'quota'
        ? `The ${decision.quotaLimit} requests a day without an API key from this address are used up; they start again at ${resetAt}. ${raise}`
        : `More than ${decision.limit} requests a minute without an API key from this address; retry after ${decision.retryAfter} s (${resetAt}). ${raise}`);
    }
    for (const [k, v] of Object.entries(headers)) c.header(k, v);
    await next();
  }
}

/** A new key's limits (the api_keys column defaults), quoted to anonymous readers. */
const keyDefaults = { ratePerMin: Number(apiKeys.ratePerMin.default), dailyQuota: Number(apiKeys.dailyQuota.default) };
