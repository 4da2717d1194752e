import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';

/** A random identifier or secret: base32 (lower case, no padding) of `bytes` random bytes. */
export const randomToken = (bytes: number) => encodeBase32LowerCaseNoPadding(randomBytes(bytes));

export const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');

export function constantTimeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
