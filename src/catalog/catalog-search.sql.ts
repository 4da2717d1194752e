import { eq, inArray } from 'drizzle-orm';
import type { SqliteDb } from '../db/client.js';
import { cachedStatement } from '../db/cached-statement.js';
import { builder, isPg, type AnyDb } from '../db/engine.js';
import { segmentForIndex } from '../lib/segment.js';
import { catalogMatchQueries } from './search-query.js';
import { currentSynonyms } from './search-synonyms.js';
import { memoCatalog, type CachedAnyDb } from './catalog.cache.js';
import { catalogTables } from './catalog.tables.js';
import { reindexCatalogPg, searchCatalogPg } from './catalog-search-pg.sql.js';

// The catalog's full-text index. SQLite: FTS5 (catalog_fts, rowid = dataset pk) over segmented text, ranked by bm25.
// PostgreSQL: the same segmented text in a weighted tsvector (catalog-search-pg.sql.ts).

/** One dataset's text as indexed: CJK bigrams and jieba words, other words lower-cased (src/lib/segment.ts). */
export type SearchDocument = { pk: number; title: string; summary: string; keywords: string; fields: string; department: string };

async function searchDocuments(db: AnyDb, datasetPks?: number[]): Promise<SearchDocument[]> {
  const { datasets: d, departments: p } = catalogTables(db);
  const rows = await builder(db)
    .select({
      pk: d.pk, titleZh: d.titleZh, titleEn: d.titleEn, summaryZh: d.summaryZh, summaryEn: d.summaryEn,
      keywords: d.keywords, keywordsEn: d.keywordsEn, schema: d.schema, deptZh: p.nameZh, deptEn: p.nameEn,
    })
    .from(d)
    .innerJoin(p, eq(p.id, d.departmentId))
    .where(datasetPks ? inArray(d.pk, datasetPks) : undefined);
  return rows.map((r) => ({
    pk: r.pk,
    title: segmentForIndex(`${r.titleZh} ${r.titleEn}`),
    summary: segmentForIndex(`${r.summaryZh} ${r.summaryEn}`),
    keywords: segmentForIndex([...r.keywords, ...r.keywordsEn].join(' ')),
    fields: segmentForIndex(r.schema.map((f) => `${f.label_zh} ${f.label_en ?? ''} ${f.name.replace(/_/g, ' ')}`).join(' ')),
    department: segmentForIndex(`${r.deptZh} ${r.deptEn}`),
  }));
}

/** Rebuilds the index rows of the given datasets, or of all when none are named. */
export async function reindexCatalog(db: AnyDb, datasetPks?: number[]): Promise<void> {
  if (datasetPks && !datasetPks.length) return;
  const documents = await searchDocuments(db, datasetPks?.map(Number));
  if (isPg(db)) return await reindexCatalogPg(db, documents, { all: !datasetPks });
  const sqlite = (db as SqliteDb).$client;
  const del = sqlite.prepare('DELETE FROM catalog_fts WHERE rowid = ?');
  const ins = sqlite.prepare('INSERT INTO catalog_fts (rowid, title, summary, keywords, fields, department) VALUES (?, ?, ?, ?, ?, ?)');
  sqlite.transaction(() => {
    if (!datasetPks) sqlite.exec('DELETE FROM catalog_fts');
    for (const r of documents) {
      if (datasetPks) del.run(r.pk);
      ins.run(r.pk, r.title, r.summary, r.keywords, r.fields, r.department);
    }
  })();
}

/**
 * Dataset pks matching `q`, with a rank (lower is better; the title weighs most, then keywords, summary, fields and
 * department). Null: `q` had nothing searchable. The query is widened by the synonym list (search-query.ts); when
 * even that finds nothing, its longer Chinese words are tried by their first two characters.
 */
export async function searchCatalog({ db, caches }: CachedAnyDb, q: string, warn?: (message: string) => void): Promise<Map<number, number> | null> {
  const { strict, relaxed } = catalogMatchQueries(q, await currentSynonyms(caches.catalog.synonyms, warn));
  if (!strict) return null;
  const found = await runSearch({ db, caches }, strict);
  return found.size || !relaxed ? found : await runSearch({ db, caches }, relaxed);
}

async function runSearch({ db, caches }: CachedAnyDb, match: string): Promise<Map<number, number>> {
  return await memoCatalog({ db, caches }, `search:${match}`, async () => {
    const rows = isPg(db)
      ? await searchCatalogPg(db, match)
      : (cachedStatement(db as SqliteDb, 'SELECT rowid AS pk, bm25(catalog_fts, 10.0, 3.0, 5.0, 2.0, 1.0) AS rank FROM catalog_fts WHERE catalog_fts MATCH ?').all(match) as { pk: number; rank: number }[]);
    return new Map(rows.map((r) => [r.pk, r.rank]));
  });
}
