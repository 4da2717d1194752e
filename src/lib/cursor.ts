import { createHmac, timingSafeEqual } from 'node:crypto';
import { ApiError } from './errors.js';

/**
 * Opaque keyset cursors: base64url(JSON) + HMAC. The HMAC covers a fingerprint of the query,
 * so a cursor replayed against a different filter or sort is refused instead of silently skipping rows.
 */
export function createCursorCodec(secret: string) {
  const sign = (payload: string, fingerprint: string) =>
    createHmac('sha256', secret).update(fingerprint).update('\0').update(payload).digest('base64url').slice(0, 22);

  return {
    encode(position: unknown, fingerprint: string): string {
      const payload = Buffer.from(JSON.stringify(position)).toString('base64url');
      return `${payload}.${sign(payload, fingerprint)}`;
    },
    decode<T>(cursor: string, fingerprint: string): T {
      const [payload, mac] = cursor.split('.');
      const invalid = new ApiError(400, 'invalid_cursor', 'The cursor is not valid for this query; start again from the first page.');
      if (!payload || !mac || cursor.length > 2048) throw invalid;
      const expected = Buffer.from(sign(payload, fingerprint));
      const given = Buffer.from(mac);
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalid;
      try {
        return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as T;
      } catch {
        throw invalid;
      }
    },
  };
}

export type CursorCodec = ReturnType<typeof createCursorCodec>;
