import type { Db } from '../db/client.js';
import type { FieldSpec } from '../lib/field-spec.js';
import { iterateRows, rowsTableName, type Row } from '../records/rows-table.js';

/** The first `limit` rows of a published version in stored order (a dataset page's preview). */
export function firstRows(db: Db, datasetPk: number, n: number, schema: FieldSpec[], limit: number): Row[] {
  const rows: Row[] = [];
  if (limit <= 0) return rows;
  for (const row of iterateRows(db.$client, rowsTableName(datasetPk, n), schema)) {
    rows.push(row);
    if (rows.length >= limit) break;
  }
  return rows;
}
