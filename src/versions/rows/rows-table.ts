import type Database from 'better-sqlite3';
import type { FieldSpec } from '../lib/field-spec.js';

export type RowValue = string | number | boolean | null;
export type Row = Record<string, RowValue>;

/** Identifiers come only from a validated schema (names match ^[a-z][a-z0-9_]*$), never from a request. */
export const rowsTableName = (datasetPk: number, n: number) => `ds_${datasetPk}_v${n}`;
export const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

export const tableExists = (sqlite: Database.Database, name: string) =>
  Boolean(sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name));

const sqlType: Record<FieldSpec['type'], string> = {
  string: 'TEXT',
  integer: 'INTEGER',
  number: 'REAL',
  boolean: 'INTEGER',
  date: 'TEXT',
  datetime: 'TEXT',
};

export const primaryKeyOf = (schema: FieldSpec[]): FieldSpec => {
  const pk = schema.find((f) => f.primary_key);
  if (!pk) throw new Error('schema has no primary key');
  return pk;
};

/** Columns worth an index: the ones people filter and sort on. */
export const indexedFields = (schema: FieldSpec[]) =>
  schema.filter((f) => !f.primary_key && (f.type !== 'string' || f.enum)).slice(0, 6);

/** `_rowid` follows primary-key order, so the default keyset page walks the rowid b-tree. */
export function createRowsTable(sqlite: Database.Database, table: string, schema: FieldSpec[]): void {
  const cols = schema.map((f) => `${quoteIdent(f.name)} ${sqlType[f.type]}`).join(', ');
  sqlite.exec(`CREATE TABLE ${quoteIdent(table)} (_rowid INTEGER PRIMARY KEY, ${cols})`);
}

/** The statements that index a rows table: each can run on its own, so no one transaction holds the write lock for all. */
export function indexStatements(table: string, schema: FieldSpec[]): string[] {
  const pk = primaryKeyOf(schema);
  return [
    `CREATE UNIQUE INDEX ${quoteIdent(`${table}_pk`)} ON ${quoteIdent(table)} (${quoteIdent(pk.name)})`,
    ...indexedFields(schema).map((f) => `CREATE INDEX ${quoteIdent(`${table}_${f.name}`)} ON ${quoteIdent(table)} (${quoteIdent(f.name)})`),
  ];
}

export function indexRowsTable(sqlite: Database.Database, table: string, schema: FieldSpec[]): void {
  for (const sql of indexStatements(table, schema)) sqlite.exec(sql);
}

export const toSqlValue = (v: RowValue | undefined): string | number | null =>
  v === undefined || v === null ? null : typeof v === 'boolean' ? (v ? 1 : 0) : v;

/** Rows must already be sorted by primary key. */
export function insertRows(sqlite: Database.Database, table: string, schema: FieldSpec[], rows: Iterable<Row>): number {
  const names = schema.map((f) => f.name);
  const stmt = sqlite.prepare(
    `INSERT INTO ${quoteIdent(table)} (${names.map(quoteIdent).join(', ')}) VALUES (${names.map(() => '?').join(', ')})`,
  );
  let count = 0;
  const values: (string | number | null)[] = new Array(names.length);
  for (const row of rows) {
    for (let i = 0; i < names.length; i++) values[i] = toSqlValue(row[names[i]!]);
    stmt.run(values);
    count++;
  }
  return count;
}

/** Turns a stored row back into typed JSON values (booleans were stored as 0/1). */
export function rowDecoder(schema: FieldSpec[]): (raw: Record<string, unknown>) => Row {
  const booleans = schema.filter((f) => f.type === 'boolean').map((f) => f.name);
  const names = schema.map((f) => f.name);
  return (raw) => {
    const out: Row = {};
    for (const n of names) out[n] = (raw[n] ?? null) as RowValue;
    for (const b of booleans) if (out[b] !== null) out[b] = out[b] === 1;
    return out;
  };
}

export function* iterateRows(sqlite: Database.Database, table: string, schema: FieldSpec[]): Generator<Row> {
  const decode = rowDecoder(schema);
  const cols = schema.map((f) => quoteIdent(f.name)).join(', ');
  for (const raw of sqlite.prepare(`SELECT ${cols} FROM ${quoteIdent(table)} ORDER BY _rowid`).iterate()) {
    yield decode(raw as Record<string, unknown>);
  }
}
