import type { Db } from '../../db/client.js';
import type { FieldSpec } from '../../lib/field-spec.js';
import { ApiError, type ProblemDetail } from '../../lib/errors.js';
import { createRowsTable, indexRowsTable, primaryKeyOf, quoteIdent } from '../../records/rows-table.js';
import { coerceCell } from './coerce.js';
import { findHeader } from './header.js';
import type { TableSource } from './read-table.js';

const maxReported = 100;
const batchSize = 10_000;
const headerLookahead = 5;

type Collector = { errors: ProblemDetail[]; total: number; add: (e: ProblemDetail) => void };
const collector = (): Collector => {
  const c: Collector = { errors: [], total: 0, add: (e) => { c.total++; if (c.errors.length < maxReported) c.errors.push(e); } };
  return c;
};

export const invalidUpload = (c: Collector) =>
  new ApiError(422, 'validation_failed', `${c.total} problem(s) in the file; nothing was published.${c.total > maxReported ? ` The first ${maxReported} are listed.` : ''}`, { errors: c.errors, error_count: c.total });

/**
 * Validates every row and writes the valid ones into `table` in batches (short transactions, so the
 * portal keeps answering). Rows arriving in primary-key order go straight in; otherwise the table is
 * rebuilt in key order at the end. The table has no version row yet, so nothing is visible; on any
 * problem the table is dropped and a 422 listing row, column, value and message is thrown.
 */
export async function ingestRows(db: Db, table: string, schema: FieldSpec[], source: TableSource): Promise<number> {
  const sqlite = db.$client;
  const pk = primaryKeyOf(schema);
  const problems = collector();
  const iterator = source.rows[Symbol.asyncIterator]();
  const leading: unknown[][] = [];
  for (let i = 0; i < headerLookahead; i++) {
    const next = await iterator.next();
    if (next.done) break;
    leading.push(next.value);
  }
  const header = findHeader(leading, schema);
  if (!header) throw new ApiError(422, 'validation_failed', `No header row maps to the dataset's fields (${schema.map((f) => `${f.name}/${f.label_zh}`).join(', ')}).`);
  const { map } = header;
  if (map.unknown.length || map.missing.some((f) => f.required)) {
    for (const u of map.unknown) problems.add({ row: header.index + 1, column: u, message: 'unknown column' });
    for (const f of map.missing.filter((m) => m.required)) problems.add({ row: header.index + 1, column: f.name, message: `missing required column (${f.label_zh})` });
    throw invalidUpload(problems);
  }

  sqlite.exec(`DROP TABLE IF EXISTS ${quoteIdent(table)}`);
  createRowsTable(sqlite, table, schema);
  const names = schema.map((f) => f.name);
  const insert = sqlite.prepare(`INSERT INTO ${quoteIdent(table)} (_rowid, ${names.map(quoteIdent).join(', ')}) VALUES (?, ${names.map(() => '?').join(', ')})`);
  const flush = sqlite.transaction((batch: unknown[][]) => { for (const values of batch) insert.run(values); });
  const colIndex = new Map(map.columns.map((f, i) => [f?.name, i] as const));
  const pkPos = names.indexOf(pk.name);
  let batch: unknown[][] = [];
  let count = 0;
  let sorted = true;
  let lastKey: string | number | null = null;

  const dataRows = async function* () {
    yield* leading.slice(header.index + 1);
    for (let n = await iterator.next(); !n.done; n = await iterator.next()) yield n.value;
  };
  let line = header.index + 1;
  try {
    for await (const cells of dataRows()) {
      line++;
      const values: unknown[] = [line];
      let rowOk = true;
      for (const f of schema) {
        const i = colIndex.get(f.name);
        const raw = i === undefined ? null : cells[i];
        const r = coerceCell(f, raw);
        if (r.ok) values.push(typeof r.value === 'boolean' ? (r.value ? 1 : 0) : r.value);
        else {
          rowOk = false;
          problems.add({ row: line, column: f.name, value: raw === undefined ? null : raw, message: `${f.label_zh} (${f.name}) ${r.message}` });
          values.push(null);
        }
      }
      for (const extra of cells.slice(map.columns.length)) {
        if (extra !== null && extra !== '' && extra !== undefined) { rowOk = false; problems.add({ row: line, message: 'more cells than header columns', value: extra }); break; }
      }
      if (!rowOk) continue;
      const key = values[pkPos + 1] as string | number;
      if (lastKey !== null && !(key > lastKey)) sorted = false;
      lastKey = key;
      batch.push(values);
      count++;
      if (batch.length >= batchSize) { flush(batch); batch = []; }
    }
    flush(batch);
    if (count === 0 && problems.total === 0) problems.add({ message: 'the file has a header but no data rows' });
    if (problems.total === 0 && !sorted) reportDuplicateKeys(db, table, pk.name, problems);
    if (problems.total > 0) throw invalidUpload(problems);
    if (!sorted) rebuildInKeyOrder(db, table, schema);
    sqlite.transaction(() => indexRowsTable(sqlite, table, schema))();
    return count;
  } catch (err) {
    sqlite.exec(`DROP TABLE IF EXISTS ${quoteIdent(table)}`);
    throw err;
  }
}

/** `_rowid` holds the file's line number until the rebuild, so duplicates can name both rows. */
function reportDuplicateKeys(db: Db, table: string, pkName: string, problems: Collector) {
  const dupes = db.$client
    .prepare(`SELECT ${quoteIdent(pkName)} AS k, group_concat(_rowid, ', ') AS lines FROM ${quoteIdent(table)} GROUP BY 1 HAVING COUNT(*) > 1 LIMIT ${maxReported}`)
    .all() as { k: unknown; lines: string }[];
  for (const d of dupes) problems.add({ row: Number(d.lines.split(',')[0]), column: pkName, value: d.k, message: `duplicate primary key: rows ${d.lines} share ${String(d.k)}` });
}

function rebuildInKeyOrder(db: Db, table: string, schema: FieldSpec[]) {
  const sqlite = db.$client;
  const tmp = `${table}_sorted`;
  const cols = schema.map((f) => quoteIdent(f.name)).join(', ');
  sqlite.transaction(() => {
    sqlite.exec(`DROP TABLE IF EXISTS ${quoteIdent(tmp)}`);
    createRowsTable(sqlite, tmp, schema);
    sqlite.exec(`INSERT INTO ${quoteIdent(tmp)} (${cols}) SELECT ${cols} FROM ${quoteIdent(table)} ORDER BY ${quoteIdent(primaryKeyOf(schema).name)}`);
    sqlite.exec(`DROP TABLE ${quoteIdent(table)}`);
    sqlite.exec(`ALTER TABLE ${quoteIdent(tmp)} RENAME TO ${quoteIdent(table)}`);
  })();
}
