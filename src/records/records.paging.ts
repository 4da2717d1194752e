import { createHash } from 'node:crypto';
import type { CursorCodec } from '../lib/cursor.js';
import { ApiError } from '../lib/errors.js';
import type { RecordsQuery } from './records.query.js';
import type { RecordsTarget } from './records.target.js';
import type { Position } from './records.service.js';

type CursorPayload = { v: number; k: Position };

const fingerprint = (datasetPk: number, query: RecordsQuery) => `records:${datasetPk}:${query.shape}`;
const invalidCursor = () => new ApiError(400, 'invalid_cursor', 'The cursor is not valid for this query; start again from the first page.');

/**
 * The version a cursor was issued for, read before its signature is checked (the signature
 * covers the query, which can only be parsed once the version's fields are known). A walk
 * through `/records` (latest) stays on the version it started on, even when a newer one is published.
 */
export function cursorVersion(cursor: string | null): number | null {
  if (!cursor) return null;
  try {
    const payload = JSON.parse(Buffer.from(cursor.split('.')[0]!, 'base64url').toString('utf8')) as Partial<CursorPayload>;
    if (typeof payload.v === 'number' && Number.isSafeInteger(payload.v) && payload.v > 0) return payload.v;
  } catch {
    /* reported below */
  }
  throw invalidCursor();
}

export function encodeCursor(cursors: CursorCodec, target: RecordsTarget, query: RecordsQuery, position: Position): string {
  return cursors.encode({ v: target.n, k: position } satisfies CursorPayload, fingerprint(target.datasetPk, query));
}

/** The position a cursor holds, after checking it was issued for this query on this version. */
export function decodeCursor(cursors: CursorCodec, target: RecordsTarget, query: RecordsQuery, keyCount: number): Position {
  const payload = cursors.decode<CursorPayload>(query.cursor!, fingerprint(target.datasetPk, query));
  const ok = payload.v === target.n && Array.isArray(payload.k) && payload.k.length === keyCount && payload.k.every((v) => v === null || typeof v === 'string' || typeof v === 'number');
  if (!ok) throw invalidCursor();
  return payload.k;
}

/** Strong: the same version, query, page and format always give the same bytes. */
export function recordsEtag(target: RecordsTarget, query: RecordsQuery): string {
  const parts = [target.datasetPk, target.n, query.format, query.limit, query.cursor ?? '', query.fields.map((f) => f.name).join(','), query.bom ? 1 : 0, query.shape];
  return `"r${target.n}-${createHash('sha1').update(parts.join('\n')).digest('base64url').slice(0, 22)}"`;
}

export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((t) => {
    const tag = t.trim();
    return tag === '*' || tag.replace(/^W\//, '') === etag;
  });
}
