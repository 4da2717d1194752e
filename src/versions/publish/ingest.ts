import type { Db } from '../../db/client.js';
import type { FieldSpec } from '../../lib/field-spec.js';
import { ApiError, type ProblemDetail } from '../../lib/errors.js';
import { createRowsTable, primaryKeyOf, quoteIdent } from '../../records/rows-table.js';
import { Invalid, cellCoercer } from './coerce.js';
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
 * Indexes are left to the caller (`indexRowsTable`).
 */
export async function ingestRows(db: Db, table: string, schema: FieldSpec[], source: TableSource): Promise<number> {
  const sqlite = db.$client;
  const pk = primaryKeyOf(schema);
  const problems = collector();
  const batches = source.batches[Symbol.asyncIterator]();
  const leading: unknown[][] = [];
  while (leading.length < headerLookahead) {
    const next = await batches.next();
    if (next.done) break;
    leading.push(...next.value);
  }
  const header = findHeader(leading.slice(0, headerLookahead), schema);
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
  const columnOf = schema.map((f) => map.columns.findIndex((c) => c?.name === f.name));
  const coercers = schema.map((f) => cellCoercer(f));
  const pkPos = names.indexOf(pk.name) + 1;
  const width = map.columns.length;
  let pending: unknown[][] = [];
  let count = 0;
  let sorted = true;
  let lastKey: string | number | null = null;
  let line = header.index + 1;

  const take = (cells: unknown[]) => {
    line++;
    const values: unknown[] = new Array(schema.length + 1);
    values[0] = line;
    let rowOk = true;
    for (let i = 0; i < schema.length; i++) {
      const raw = columnOf[i]! < 0 ? null : cells[columnOf[i]!];
      const v = coercers[i]!(raw);
      if (v instanceof Invalid) {
        rowOk = false;
        const f = schema[i]!;
        problems.add({ row: line, column: f.name, value: raw ?? null, message: `${f.label_zh} (${f.name}) ${v.message}` });
      } else values[i + 1] = v;
    }
    for (let j = width; j < cells.length; j++) {
      const extra = cells[j];
      if (extra !== null && extra !== '' && extra !== undefined) { rowOk = false; problems.add({ row: line, message: 'more cells than header columns', value: extra }); break; }
    }
    if (!rowOk) return;
    const key = values[pkPos] as string | number;
    if (lastKey !== null && !(key > lastKey)) sorted = false;
    lastKey = key;
    pending.push(values);
    count++;
    if (pending.length >= batchSize) { flush(pending); pending = []; }
  };

  try {
    for (const cells of leading.slice(header.index + 1)) take(cells);
    for (let next = await batches.next(); !next.done; next = await batches.next()) {
      for (const cells of next.value) take(cells);
    }
    flush(pending);
    if (count === 0 && problems.total === 0) problems.add({ message: 'the file has a header but no data rows' });
    if (problems.total === 0 && !sorted) reportDuplicateKeys(db, table, pk.name, problems);
    if (problems.total > 0) throw invalidUpload(problems);
    if (!sorted) rebuildInKeyOrder(db, table, schema);
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
