import type { Db } from '../../db/client.js';
import type { FieldSpec } from '../../lib/field-spec.js';
import { rowsTableName, type Row } from './rows-table.js';
import { iterateRows } from './rows-table.sql.js';

/** The first `limit` rows of a published version in stored order (a dataset page's preview). */
export function firstRows(db: Db, datasetPk: number, n: number, schema: FieldSpec[], limit: number): Row[] {
  const rows: Row[] = [];
  if (limit <= 0) return rows;
  for (const row of iterateRows(db, rowsTableName(datasetPk, n), schema)) {
    rows.push(row);
    if (rows.length >= limit) break;
  }
  return rows;
}
