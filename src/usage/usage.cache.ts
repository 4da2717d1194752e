import { memoCatalog, type CachedDb } from '../catalog/catalog.cache.js';

/**
 * The newest event's id: usage_events is append-only and its writes (events with their rollups) are one
 * transaction, so a new id means new figures, whichever app or process wrote them. One primary-key read.
 */
const lastEventId = ({ db }: CachedDb) => (db.$client.prepare('SELECT MAX(id) FROM usage_events').pluck().get() as number | null) ?? 0;

/**
 * Memoises a statistics query until usage is written again (at most once a second under traffic) or the
 * catalog changes: a busy statistics page or a reviewer clicking through periods costs one query each.
 * Callers must not mutate what they get.
 */
export function memoUsage<T>(reads: CachedDb, key: string, compute: () => T): T {
  return memoCatalog(reads, `usage:${lastEventId(reads)}:${key}`, compute);
}
