import { sql } from 'drizzle-orm';
import { rowsOf, type PgDb } from '../../db/engine.js';
import type { FieldSpec } from '../../lib/field-spec.js';
import { primaryKeyOf, quoteIdent } from './rows-table.js';
import { createRowsTableSql } from './rows-table.pg.js';
import { copyRows, createRowsTablePg, dropTablePg } from './rows-table.pg.sql.js';

// The upload's writer on PostgreSQL (the twin of rows-writer.sql.ts): each batch is one COPY, which is its own
// transaction, so a batch of a few thousand rows holds nothing for long and a million rows stream in seconds.

/** A fresh rows table for an upload (replacing one left under that name); batches are `[_rowid, ...values]`. */
export async function startRowsTablePg(db: PgDb, table: string, schema: FieldSpec[]): Promise<{ insertBatch: (batch: unknown[][]) => Promise<number> }> {
  await dropTablePg(db, table);
  await createRowsTablePg(db, table, schema);
  return { insertBatch: (batch) => copyRows(db.$client, table, schema, batch) };
}

/** Primary keys held by more than one row (in key order, as SQLite's GROUP BY gives them), with the `_rowid`s (file lines) of those rows, at most `limit`. */
export async function duplicateKeysPg(db: PgDb, table: string, pkName: string, limit: number): Promise<{ k: unknown; lines: string }[]> {
  const key = sql.raw(quoteIdent(pkName));
  return await rowsOf(db, sql`SELECT ${key} AS k, string_agg(_rowid::text, ', ' ORDER BY _rowid) AS lines FROM ${sql.raw(quoteIdent(table))}
                              GROUP BY 1 HAVING COUNT(*) > 1 ORDER BY 1 LIMIT ${limit}`);
}

/** Numbers the rows again in primary-key order (byte order for text keys, as on SQLite), in one transaction. */
export async function rebuildInKeyOrderPg(db: PgDb, table: string, schema: FieldSpec[]): Promise<void> {
  const tmp = `${table}_sorted`;
  const cols = schema.map((f) => quoteIdent(f.name)).join(', ');
  await db.$client.begin(async (tx) => {
    await tx.unsafe(`DROP TABLE IF EXISTS ${quoteIdent(tmp)}`);
    await tx.unsafe(createRowsTableSql(tmp, schema));
    await tx.unsafe(`INSERT INTO ${quoteIdent(tmp)} (_rowid, ${cols}) SELECT row_number() OVER (ORDER BY ${quoteIdent(primaryKeyOf(schema).name)}), ${cols} FROM ${quoteIdent(table)}`);
    await tx.unsafe(`DROP TABLE ${quoteIdent(table)}`);
    await tx.unsafe(`ALTER TABLE ${quoteIdent(tmp)} RENAME TO ${quoteIdent(table)}`);
  });
}
