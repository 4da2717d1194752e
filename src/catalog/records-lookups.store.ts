import type { SqliteDb } from '../db/client.js';
import { eq, sql } from 'drizzle-orm';
import { isPg, type AnyDb } from '../db/engine.js';
import { datasets as pgDatasets } from './catalog.pg-table.js';
import { datasets } from './catalog.table.js';

/** What the records API shows and checks of a dataset: its title, owner and open type. */
export type RecordsDataset = { pk: number; id: string; titleZh: string; departmentId: string; openType: 'open' | 'conditional' };

/**
 * A dataset by its slug, read on every records request: on SQLite the statement is prepared once, by the caller
 * (one per app), on either engine: on SQLite preparing costs ten times more than running it, on PostgreSQL the
 * statement is parsed once per connection and its SQL is not rebuilt per call.
 */
export function preparedRecordsDataset(db: AnyDb): (id: string) => Promise<RecordsDataset | undefined> {
  if (isPg(db)) {
    const columns = { pk: pgDatasets.pk, id: pgDatasets.id, titleZh: pgDatasets.titleZh, departmentId: pgDatasets.departmentId, openType: pgDatasets.openType };
    const query = db.select(columns).from(pgDatasets).where(eq(pgDatasets.id, sql.placeholder('id'))).limit(1).prepare('records_dataset');
    return async (id) => (await query.execute({ id }))[0] as RecordsDataset | undefined;
  }
  const query = (db as SqliteDb)
    .select({ pk: datasets.pk, id: datasets.id, titleZh: datasets.titleZh, departmentId: datasets.departmentId, openType: datasets.openType })
    .from(datasets)
    .where(eq(datasets.id, sql.placeholder('id')))
    .prepare();
  return async (id) => query.get({ id });
}
