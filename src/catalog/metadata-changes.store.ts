import { max } from 'drizzle-orm';
import { builder, type AnyDb } from '../db/engine.js';
import { catalogTables } from './catalog.tables.js';

/**
 * When each dataset's metadata was last edited (dataset_changes), by dataset key. `updated_at` moves only with
 * versions; harvesters (CKAN's metadata_modified, DCAT's dct:modified) must also see a title or licence edit.
 */
export async function selectLastMetadataEdits(db: AnyDb): Promise<Map<number, string>> {
  const { datasetChanges: c } = catalogTables(db);
  const rows = await builder(db).select({ pk: c.datasetPk, ts: max(c.ts) }).from(c).groupBy(c.datasetPk);
  return new Map(rows.flatMap((r) => (r.ts ? [[r.pk, r.ts] as [number, string]] : [])));
}
