import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { datasets } from './catalog.table.js';

/** What the records API shows and checks of a dataset: its title, owner and open type. */
export type RecordsDataset = { pk: number; id: string; titleZh: string; departmentId: string; openType: 'open' | 'conditional' };

/**
 * A dataset by its slug, read on every records request: the statement is prepared once, by the caller (one per
 * app), since preparing costs ten times more than running it.
 */
export function preparedRecordsDataset(db: Db): (id: string) => Promise<RecordsDataset | undefined> {
  const query = db
    .select({ pk: datasets.pk, id: datasets.id, titleZh: datasets.titleZh, departmentId: datasets.departmentId, openType: datasets.openType })
    .from(datasets)
    .where(eq(datasets.id, sql.placeholder('id')))
    .prepare();
  return async (id) => query.get({ id });
}
