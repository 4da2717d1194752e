import type { Db } from '../db/client.js';
import { segmentForIndex, toMatchQuery } from '../lib/segment.js';
import { memoCatalog, type CachedDb } from './catalog.cache.js';

type IndexSource = {
  pk: number;
  title_zh: string;
  title_en: string;
  summary_zh: string;
  summary_en: string;
  keywords: string;
  keywords_en: string;
  schema: string;
  dept_zh: string;
  dept_en: string;
};

/** Rebuilds the catalog_fts rows (rowid = dataset pk) of the given datasets, or of all when none are named. */
export async function reindexCatalog(db: Db, datasetPks?: number[]): Promise<void> {
  const sqlite = db.$client;
  const where = datasetPks ? `WHERE d.pk IN (${datasetPks.map(Number).join(',') || 'NULL'})` : '';
  const rows = sqlite
    .prepare(
      `SELECT d.pk, d.title_zh, d.title_en, d.summary_zh, d.summary_en, d.keywords, d.keywords_en, d.schema,
              p.name_zh AS dept_zh, p.name_en AS dept_en
         FROM datasets d JOIN departments p ON p.id = d.department_id ${where}`,
    )
    .all() as IndexSource[];
  const del = sqlite.prepare('DELETE FROM catalog_fts WHERE rowid = ?');
  const ins = sqlite.prepare('INSERT INTO catalog_fts (rowid, title, summary, keywords, fields, department) VALUES (?, ?, ?, ?, ?, ?)');
  sqlite.transaction(() => {
    if (!datasetPks) sqlite.exec('DELETE FROM catalog_fts');
    for (const r of rows) {
      const fields = (JSON.parse(r.schema) as { name: string; label_zh: string; label_en?: string }[])
        .map((f) => `${f.label_zh} ${f.label_en ?? ''} ${f.name.replace(/_/g, ' ')}`)
        .join(' ');
      const keywords = [...(JSON.parse(r.keywords) as string[]), ...(JSON.parse(r.keywords_en) as string[])].join(' ');
      if (datasetPks) del.run(r.pk);
      ins.run(
        r.pk,
        segmentForIndex(`${r.title_zh} ${r.title_en}`),
        segmentForIndex(`${r.summary_zh} ${r.summary_en}`),
        segmentForIndex(keywords),
        segmentForIndex(fields),
        segmentForIndex(`${r.dept_zh} ${r.dept_en}`),
      );
    }
  })();
}

/** Dataset pks matching `q`, with a bm25 rank (lower is better; the title weighs most). Null: `q` had nothing searchable. */
export async function searchCatalog({ db, caches }: CachedDb, q: string): Promise<Map<number, number> | null> {
  const match = toMatchQuery(q);
  if (!match) return null;
  return await memoCatalog({ db, caches }, `search:${match}`, () => {
      const rows = db.$client
        .prepare('SELECT rowid AS pk, bm25(catalog_fts, 10.0, 3.0, 5.0, 2.0, 1.0) AS rank FROM catalog_fts WHERE catalog_fts MATCH ?')
        .all(match) as { pk: number; rank: number }[];
      return new Map(rows.map((r) => [r.pk, r.rank]));
    });
}
