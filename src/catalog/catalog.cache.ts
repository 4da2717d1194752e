import type { Db } from '../db/client.js';
import type { AnyDb } from '../db/engine.js';
import { catalogGeneration } from './catalog-state.store.js';
import { createSynonymsHolder, type SynonymsHolder } from './search-synonyms.js';

type Entry = { generation: number; value: unknown };
/** One app's memo of catalog reads (built by createApp, so two apps in one process never share entries). */
export type CatalogCache = { entries: Map<string, Entry>; synonyms: SynonymsHolder };
const maxEntries = 2000;

/** `synonymsFile`: the search's synonym list (KAIFANG_SEARCH_SYNONYMS), config/search-synonyms.json by default. */
export const createCatalogCache = (synonymsFile?: string): CatalogCache => ({ entries: new Map(), synonyms: createSynonymsHolder(synonymsFile) });

/** A database together with the app's memo of its reads: what every memoised read takes (AppDeps is one). */
export type CachedDb = { db: Db; caches: { catalog: CatalogCache } };
/** The same on either engine: the catalog's memoised reads take it (AppDeps' `db` is typed `Db` whichever engine it is). */
export type CachedAnyDb = { db: AnyDb; caches: { catalog: CatalogCache } };

/**
 * Memoises a read of catalog data until the catalog changes, in this or any other process
 * (a CLI publish included; on PostgreSQL, any node). The check costs one primary-key read.
 */
export async function memoCatalog<T>({ db, caches }: CachedAnyDb, key: string, compute: () => T | Promise<T>): Promise<T> {
  const cache = caches.catalog.entries;
  const generation = await catalogGeneration(db);
  const hit = cache.get(key);
  if (hit && hit.generation === generation) return hit.value as T;
  const value = await compute();
  if (cache.size >= maxEntries) cache.clear();
  cache.set(key, { generation, value });
  return value;
}
