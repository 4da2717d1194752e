import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../lib/context.js';
import type { AppDeps } from '../app-deps.js';
import { ApiError } from '../lib/errors.js';
import { publicOrigin } from '../lib/public-origin.js';
import { createKeyFinder, touchKey } from './keys.service.js';
import type { LimitDecision } from './keys.ratelimit.js';

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

/**
 * Keyed endpoints: the key comes from `Authorization: Bearer` or `X-API-Key`, never the URL
 * (400 `key_in_query`: URLs end up in logs). 401 tells how to get a key; past a limit, 429.
 * Every keyed response carries the X-RateLimit-* headers.
 */
export function apiKeyAuth(deps: AppDeps): MiddlewareHandler<AppEnv> {
  const limiter = deps.rateLimiter;
  const findKey = createKeyFinder(deps.db);
  const touched = new Map<string, number>();
  return async function apiKey(c, next) {
    const param = keyInQuery(c.req.url);
    if (param) throw new ApiError(400, 'key_in_query', `Do not put API keys in the URL (parameter '${param}'): URLs are logged. Send the key in the Authorization: Bearer header or X-API-Key.`);
    const secret = presentedKey(c);
    const help = { developer_centre: developerCentreUrl(c, deps.env), headers: { 'WWW-Authenticate': 'Bearer realm="kaifang"' } };
    if (!secret) throw new ApiError(401, 'key_required', `This endpoint needs an API key. Sign up and create one in one minute at ${help.developer_centre}, then send it as 'Authorization: Bearer <key>'.`, help);
    const key = await findKey(secret);
    if (!key) throw new ApiError(401, 'invalid_key', `This API key is unknown or revoked. Create a new one at ${help.developer_centre}.`, help);

    const nowMs = deps.now().getTime();
    const decision = await limiter.take(key, nowMs);
    const headers = limitHeaders(decision);
    if (!decision.allowed) {
      const resetAt = new Date(nowMs + decision.retryAfter * 1000).toISOString();
      const detail = decision.refusedBy === 'quota'
        ? `The daily quota of ${decision.quotaLimit} requests for this key is used up; it starts again at ${resetAt}.`
        : `More than ${decision.limit} requests a minute with this key; retry after ${decision.retryAfter} s (${resetAt}).`;
      throw new ApiError(429, decision.refusedBy === 'quota' ? 'quota_exceeded' : 'rate_limited', detail, {
        headers: { ...headers, 'Retry-After': String(decision.retryAfter) },
        retry_after: decision.retryAfter,
        reset_at: resetAt,
      });
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
}
