import type { Context } from 'hono';
import type { AppDeps, AppEnv } from '../lib/context.js';
import { clientAddress } from '../auth/auth.http.js';

/** Who made a request, as the usage recorder needs it: identities and department, or IP + User-Agent to hash. */
export type RequestConsumer = {
  userId: string | null;
  keyId: string | null;
  consumerDepartmentId: string | null;
  ip: string;
  userAgent: string;
};

/**
 * The client address: the socket's, or behind a trusted reverse proxy (KAIFANG_TRUST_PROXY=1) the first
 * X-Forwarded-For entry. It is only ever hashed, never stored.
 */
export function clientIp(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  return clientAddress(c);
}

export function requestConsumer(c: Context<AppEnv>, deps: Pick<AppDeps, 'env'>): RequestConsumer {
  const user = c.get('user');
  const key = c.get('apiKey');
  return {
    userId: user?.id ?? null,
    keyId: key?.id ?? null,
    consumerDepartmentId: user?.departmentId ?? key?.departmentId ?? null,
    ip: clientIp(c, deps.env.KAIFANG_TRUST_PROXY === '1'),
    userAgent: c.req.header('user-agent') ?? '',
  };
}
