import type Database from 'better-sqlite3';
import type { Db } from '../db/client.js';
import { memoCatalog } from '../catalog/catalog.cache.js';

const generations = new WeakMap<Database.Database, number>();

/** Called by the usage writer after every write: figures cached before it are stale. */
export function bumpUsageGeneration(sqlite: Database.Database): void {
  generations.set(sqlite, (generations.get(sqlite) ?? 0) + 1);
}

/**
 * Memoises a statistics query until usage is written again (at most once a second under traffic) or the
 * catalog changes: a busy statistics page or a reviewer clicking through periods costs one query each.
 * Callers must not mutate what they get.
 */
export function memoUsage<T>(db: Db, key: string, compute: () => T): T {
  return memoCatalog(db, `usage:${generations.get(db.$client) ?? 0}:${key}`, compute);
}
