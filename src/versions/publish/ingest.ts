import type { AppDeps } from '../../app-deps.js';
import type { FieldSpec } from '../../lib/field-spec.js';
import { primaryKeyOf } from '../rows/rows-table.js';
import { dropTable, type Connection } from '../rows/rows-table.sql.js';
import { duplicateKeys, rebuildInKeyOrder, startRowsTable } from '../rows/rows-writer.sql.js';
import { dropTablePg, pgOf } from '../rows/rows-table.pg.sql.js';
import { duplicateKeysPg, rebuildInKeyOrderPg, startRowsTablePg } from '../rows/rows-writer.pg.sql.js';
import type { PgDb } from '../../db/engine.js';
import { sniffFile, type TableFile } from './read-table.js';
import { addProblem, invalidUpload, maxReported, type Problems, type ValidRows, type ValidationSummary } from './validate-rows.js';
import { validatedRows } from './validated-rows.js';
import { problemOf } from './problem-messages.js';
import { batchCommitted, type IngestProgress } from './ingest-progress.js';

/**
 * Validates every row of the file and writes the valid ones into `table`, a batch per short
 * transaction (so the portal keeps answering). Rows arriving in primary-key order go straight in;
 * otherwise the table is rebuilt in key order at the end. The table has no version row yet, so
 * nothing is visible; on any problem the table is dropped and a 422 listing row, column, value and
 * message is thrown. Indexes are left to the caller (`indexRowsTable`).
 */
export async function ingestRows({ db, workers }: Pick<AppDeps, 'db' | 'workers'>, table: string, schema: FieldSpec[], filePath: string, opts: { workerFromBytes?: number } = {}): Promise<TableFile & { count: number }> {
  const file = await sniffFile(filePath);
  const { count } = await ingestInto(db, table, schema, validatedRows(workers.validation, { file, schema }, opts));
  return { ...file, count };
}

/**
 * The core of `ingestRows`, for any connection (a publish worker's own): creates `table`, inserts each
 * validated batch in its own transaction (a batch is a few thousand rows, tens of milliseconds, so other
 * writers wait no longer than that), and checks keys. On any problem the table is dropped and the 422 thrown.
 * `progress` counts each committed batch; `rebuilt` says the rows came out of key order and were copied in it (the
 * version worker's validation tells `progress` at the first such row, so the files that follow the ingest stop then).
 */
export async function ingestInto(conn: Connection, table: string, schema: FieldSpec[], rows: AsyncGenerator<ValidRows, ValidationSummary>, progress?: IngestProgress): Promise<{ count: number; rebuilt: boolean }> {
  const pg = pgOf(conn);
  const committed = () => progress && batchCommitted(progress);
  if (pg) return await ingestIntoPg(pg, table, schema, rows, committed);
  try {
    const { insertBatch: flush } = startRowsTable(conn, table, schema);
    let next = await rows.next();
    try {
      for (; !next.done; next = await rows.next()) {
        flush(next.value);
        committed();
      }
    } catch (err) {
      await rows.return(undefined as never); // stops the worker (or closes the file) when an insert fails
      throw err;
    }
    const { count, sorted, problems } = next.value;
    if (!sorted) reportDuplicateKeys(conn, table, primaryKeyOf(schema).name, problems);
    if (problems.total > 0) throw invalidUpload(problems);
    if (!sorted) rebuildInKeyOrder(conn, table, schema);
    return { count, rebuilt: !sorted };
  } catch (err) {
    dropTable(conn, table);
    throw err;
  }
}

/** `ingestInto` on PostgreSQL: each batch one COPY (its own transaction), then the same checks. */
async function ingestIntoPg(db: PgDb, table: string, schema: FieldSpec[], rows: AsyncGenerator<ValidRows, ValidationSummary>, committed: () => void): Promise<{ count: number; rebuilt: boolean }> {
  try {
    const { insertBatch } = await startRowsTablePg(db, table, schema);
    let next = await rows.next();
    try {
      for (; !next.done; next = await rows.next()) {
        await insertBatch(next.value);
        committed();
      }
    } catch (err) {
      await rows.return(undefined as never);
      throw err;
    }
    const { count, sorted, problems } = next.value;
    const pkName = primaryKeyOf(schema).name;
    if (!sorted) addDuplicates(problems, pkName, await duplicateKeysPg(db, table, pkName, maxReported));
    if (problems.total > 0) throw invalidUpload(problems);
    if (!sorted) await rebuildInKeyOrderPg(db, table, schema);
    return { count, rebuilt: !sorted };
  } catch (err) {
    await dropTablePg(db, table);
    throw err;
  }
}

/**
 * Duplicate keys join the file's other problems (the valid rows are stored even after a problem), so a publisher
 * fixes them in the same round; the list stays in row order.
 */
function addDuplicates(problems: Problems, pkName: string, duplicates: { k: unknown; lines: string }[]) {
  if (!duplicates.length) return;
  for (const d of duplicates) {
    const rows = d.lines.split(',').map((l) => Number(l.trim())).sort((a, b) => a - b);
    addProblem(problems, problemOf('duplicate_key', { rows: rows.join(', '), key: String(d.k) }, { row: rows[0]!, column: pkName, value: d.k }));
  }
  problems.errors.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
}

/** `_rowid` holds the file's line number until the rebuild, so duplicates can name both rows. */
function reportDuplicateKeys(conn: Connection, table: string, pkName: string, problems: Problems) {
  addDuplicates(problems, pkName, duplicateKeys(conn, table, pkName, maxReported));
}
