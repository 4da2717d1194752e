import { memoCatalog, type CachedAnyDb } from '../catalog/index.js';
import { lastEventId } from './usage.store.js';

/**
 * Memoises a statistics query until usage is written again (a new newest event id) (at most once a second under traffic) or the
 * catalog changes: a busy statistics page or a reviewer clicking through periods costs one query each.
 * Callers must not mutate what they get.
 */
export async function memoUsage<T>(reads: CachedAnyDb, key: string, compute: () => T | Promise<T>): Promise<T> {
  return await memoCatalog(reads, `usage:${await lastEventId(reads.db)}:${key}`, compute);
}
