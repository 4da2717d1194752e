import type { Db } from '../../db/client.js';
import type { FieldSpec } from '../../lib/field-spec.js';
import { rowsTableName, type Row } from './rows-table.js';
import { iterateRows } from './rows-table.sql.js';
import { iterateRowsPg, pgOf } from './rows-table.pg.sql.js';

/** The first `limit` rows of a published version in stored order (a dataset page's preview). */
export async function firstRows(db: Db, datasetPk: number, n: number, schema: FieldSpec[], limit: number): Promise<Row[]> {
  const rows: Row[] = [];
  if (limit <= 0) return rows;
  const pg = pgOf(db);
  const table = rowsTableName(datasetPk, n);
  if (pg) {
    for await (const row of iterateRowsPg(pg, table, schema, limit)) {
      rows.push(row);
      if (rows.length >= limit) break;
    }
    return rows;
  }
  for (const row of iterateRows(db, table, schema)) {
    rows.push(row);
    if (rows.length >= limit) break;
  }
  return rows;
}
