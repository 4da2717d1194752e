import type { Db } from '../db/client.js';

/** Dataset ids of the given resource codes (资源代码), for those that are datasets of this portal. */
export async function datasetIdsByCode(db: Db, codes: string[]): Promise<Map<string, string>> {
  if (!codes.length) return new Map();
  const found = db.$client
    .prepare(`SELECT code, id FROM datasets WHERE code IN (${codes.map(() => '?').join(', ')})`)
    .all(...codes) as { code: string; id: string }[];
  return new Map(found.map((r) => [r.code, r.id]));
}

export type PublishedDatasetTitle = { id: string; title_zh: string; title_en: string; open_type: string };

/** A dataset with at least one published version, by id; undefined for unknown or not yet published ones. */
export async function publishedDatasetTitle(db: Db, id: string): Promise<PublishedDatasetTitle | undefined> {
  return db.$client.prepare('SELECT id, title_zh, title_en, open_type FROM datasets WHERE id = ? AND latest_version IS NOT NULL').get(id) as PublishedDatasetTitle | undefined;
}
