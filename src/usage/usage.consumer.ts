import { createHmac } from 'node:crypto';

export type ConsumerInput = { userId?: string | null; keyId?: string | null; ip?: string | null; userAgent?: string | null };

/**
 * Who used the data, as DESIGN section 6 defines it: the signed-in user, else the API key, else an HMAC of
 * IP + User-Agent under a salt that changes every UTC day. The salt is derived from the app secret and the
 * day, so it is never stored, and yesterday's anonymous consumers cannot be linked to today's.
 */
export function createConsumerHasher(secret: string) {
  let saltDay = '';
  let salt: Buffer = Buffer.alloc(0);

  function dailySalt(day: string): Buffer {
    if (day !== saltDay) {
      salt = createHmac('sha256', secret).update(`usage-salt:${day}`).digest();
      saltDay = day;
    }
    return salt;
  }

  return function consumerHash(input: ConsumerInput, day: string): string {
    if (input.userId) return `u:${input.userId}`;
    if (input.keyId) return `k:${input.keyId}`;
    const mac = createHmac('sha256', dailySalt(day)).update(`${input.ip ?? ''}\n${input.userAgent ?? ''}`).digest('base64url');
    return `a:${mac.slice(0, 22)}`;
  };
}
