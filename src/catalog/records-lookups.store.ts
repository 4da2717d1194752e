import type { SqliteDb } from '../db/client.js';
import { eq, sql } from 'drizzle-orm';
import { builder, isPg, type AnyDb } from '../db/engine.js';
import { datasets } from './catalog.table.js';
import { catalogTables } from './catalog.tables.js';

/** What the records API shows and checks of a dataset: its title, owner and open type. */
export type RecordsDataset = { pk: number; id: string; titleZh: string; departmentId: string; openType: 'open' | 'conditional' };

/**
 * A dataset by its slug, read on every records request: on SQLite the statement is prepared once, by the caller
 * (one per app), since preparing costs ten times more than running it; PostgreSQL's client prepares its own.
 */
export function preparedRecordsDataset(db: AnyDb): (id: string) => Promise<RecordsDataset | undefined> {
  if (isPg(db)) {
    const t = catalogTables(db);
    const columns = { pk: t.datasets.pk, id: t.datasets.id, titleZh: t.datasets.titleZh, departmentId: t.datasets.departmentId, openType: t.datasets.openType };
    return async (id) => (await builder(db).select(columns).from(t.datasets).where(eq(t.datasets.id, id)).limit(1))[0];
  }
  const query = (db as SqliteDb)
    .select({ pk: datasets.pk, id: datasets.id, titleZh: datasets.titleZh, departmentId: datasets.departmentId, openType: datasets.openType })
    .from(datasets)
    .where(eq(datasets.id, sql.placeholder('id')))
    .prepare();
  return async (id) => query.get({ id });
}
