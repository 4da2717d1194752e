import type { Db } from '../db/client.js';

type Entry = { generation: number; value: unknown };
const caches = new WeakMap<Db, Map<string, Entry>>();
const maxEntries = 2000;

/** The catalog's change counter, bumped by triggers on datasets, versions and departments (migration 0003). */
export function catalogGeneration(db: Db): number {
  return (db.$client.prepare('SELECT generation FROM catalog_state WHERE id = 1').pluck().get() as number | undefined) ?? 0;
}

/**
 * Memoises a read of catalog data until the catalog changes, in this or any other process
 * (a CLI publish included). The check costs one primary-key read.
 */
export function memoCatalog<T>(db: Db, key: string, compute: () => T): T {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  const generation = catalogGeneration(db);
  const hit = cache.get(key);
  if (hit && hit.generation === generation) return hit.value as T;
  const value = compute();
  if (cache.size >= maxEntries) cache.clear();
  cache.set(key, { generation, value });
  return value;
}
