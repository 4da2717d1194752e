import { count, max } from 'drizzle-orm';
import { builder, type AnyDb } from '../db/engine.js';
import { versionsTables } from './versions.tables.js';

/** How many versions a database holds and when the newest was published: what a backup says it contains. */
export async function versionInventory(db: AnyDb): Promise<{ versions: number; newestPublishedAt: string | null }> {
  const { versions: v } = versionsTables(db);
  const [row] = await builder(db).select({ versions: count(), newest: max(v.publishedAt) }).from(v);
  return { versions: Number(row?.versions ?? 0), newestPublishedAt: row?.newest ?? null };
}
