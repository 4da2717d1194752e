import type { AnyDb } from '../db/engine.js';
import type { FieldSpec } from '../lib/field-spec.js';
import { rowsTableName } from './rows/rows-table.js';
import { profileRowsTable } from './quality.js';
import { storeQuality } from './quality.store.js';
import { profileRows } from './quality-rows.js';
import type { Row } from './rows/rows-table.js';

/**
 * Profiles a committed version's rows table on this connection and stores it: for the seed (which does not publish
 * through the workers) and the repair of versions that have none. `computedAt`: when dates count as in the future from.
 */
export async function profileVersion(db: AnyDb, datasetPk: number, n: number, schema: FieldSpec[], computedAt: string): Promise<void> {
  await storeQuality(db, datasetPk, n, await profileRowsTable(db, rowsTableName(datasetPk, n), schema, computedAt));
}

/** The seed's way: a version's rows still in memory, profiled there (the same profile as the SQL's) and stored. */
export async function profileSeededVersion(db: AnyDb, datasetPk: number, n: number, schema: FieldSpec[], rows: readonly Row[], computedAt: string): Promise<void> {
  await storeQuality(db, datasetPk, n, profileRows(rows, schema, computedAt));
}
