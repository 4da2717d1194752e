import { createHmac } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { clientAddress } from '../lib/client-address.js';
import type { SessionUser, ApiKeyPrincipal } from '../lib/context.js';

// Who did it, from the request: the signed-in user (else the API key's owner), the request id, and the client as a
// daily-salted HMAC of its address (as usage counts consumers: DESIGN section 6), never the raw IP.

const CLIENT_HASH = 'auditClientHash';

/** Installed once by createApp: lets auditFrom(c) hash the client's address with a salt derived from the secret. */
export function auditContext(options: { secret: string; trustProxy: boolean; now: () => Date }): MiddlewareHandler {
  let saltDay = '';
  let salt: Buffer = Buffer.alloc(0);
  const hashOf = (address: string) => {
    const day = options.now().toISOString().slice(0, 10);
    if (day !== saltDay) {
      salt = createHmac('sha256', options.secret).update(`audit-salt:${day}`).digest();
      saltDay = day;
    }
    return `a:${createHmac('sha256', salt).update(address).digest('base64url').slice(0, 22)}`;
  };
  return async function auditClientHash(c, next) {
    c.set(CLIENT_HASH, () => hashOf(clientAddress(c, options.trustProxy)));
    await next();
  };
}

export type AuditActor = {
  actor: string | null;
  actorRole: string | null;
  actorDepartmentId: string | null;
  requestId: string | null;
  clientHash: string | null;
};

/** The actor fields of an audit row for this request; spread it into recordAudit's event. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function auditFrom(c: Context<any>): AuditActor {
  const user = c.get('user') as SessionUser | null | undefined;
  const key = c.get('apiKey') as ApiKeyPrincipal | undefined;
  const hash = c.get(CLIENT_HASH) as (() => string) | undefined;
  return {
    actor: user?.id ?? key?.ownerUserId ?? null,
    actorRole: user?.role ?? key?.ownerRole ?? null,
    actorDepartmentId: user ? user.departmentId : (key?.departmentId ?? null),
    requestId: (c.get('requestId') as string | undefined) ?? null,
    clientHash: hash ? hash() : null,
  };
}
