import type { Context } from 'hono';
import type { AppEnv } from '../lib/context.js';
import type { AppDeps } from '../app-deps.js';
import { clientAddress } from '../lib/client-address.js';

/** Who made a request, as the usage recorder needs it: identities and department, or IP + User-Agent to hash. */
export type RequestConsumer = {
  userId: string | null;
  keyId: string | null;
  consumerDepartmentId: string | null;
  ip: string;
  userAgent: string;
};

/** The client address (src/lib/client-address.ts, shared with the sign-in and registration limits); only ever hashed, never stored. */
export function clientIp(c: Context, trustProxy: boolean): string {
  return clientAddress(c, trustProxy);
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
