import { createHmac } from 'node:crypto';

export type ConsumerInput = { userId?: string | null; keyId?: string | null; ip?: string | null; userAgent?: string | null };

/**
 * Who used the data, as DESIGN section 6 defines it: the signed-in user, else the API key, else an HMAC
 * under a salt that changes every UTC day. The salt is derived from the app secret and the day, so it is
 * never stored, and yesterday's anonymous consumers cannot be linked to today's.
 *
 * Two anonymous identities come from the same salt: `consumerHash` (IP + User-Agent) tells two browsers
 * behind one address apart for the double-click rule; `uniqueConsumer` (the address alone) is COUNTER's
 * unique consumer, so a client rotating its User-Agent stays one consumer in the unique figures.
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

  const known = (input: ConsumerInput) => (input.userId ? `u:${input.userId}` : input.keyId ? `k:${input.keyId}` : null);
  const anonymous = (text: string, day: string) => `a:${createHmac('sha256', dailySalt(day)).update(text).digest('base64url').slice(0, 22)}`;

  return {
    consumerHash: (input: ConsumerInput, day: string): string => known(input) ?? anonymous(`${input.ip ?? ''}\n${input.userAgent ?? ''}`, day),
    // A different message than consumerHash's (no newline), so an address alone never equals an address + empty User-Agent.
    uniqueConsumer: (input: ConsumerInput, day: string): string => known(input) ?? anonymous(`address:${input.ip ?? ''}`, day),
  };
}
