import type { FieldSpec } from '../../lib/field-spec.js';

export type RowValue = string | number | boolean | null;
export type Row = Record<string, RowValue>;

/** Identifiers come only from a validated schema (names match ^[a-z][a-z0-9_]*$), never from a request. */
export const rowsTableName = (datasetPk: number, n: number) => `ds_${datasetPk}_v${n}`;
export const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

export const sqlType: Record<FieldSpec['type'], string> = {
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

/** The statements that index a rows table: each can run on its own, so no one transaction holds the write lock for all. */
export function indexStatements(table: string, schema: FieldSpec[]): string[] {
  const pk = primaryKeyOf(schema);
  return [
    `CREATE UNIQUE INDEX ${quoteIdent(`${table}_pk`)} ON ${quoteIdent(table)} (${quoteIdent(pk.name)})`,
    ...indexedFields(schema).map((f) => `CREATE INDEX ${quoteIdent(`${table}_${f.name}`)} ON ${quoteIdent(table)} (${quoteIdent(f.name)})`),
  ];
}

export const toSqlValue = (v: RowValue | undefined): string | number | null =>
  v === undefined || v === null ? null : typeof v === 'boolean' ? (v ? 1 : 0) : v;

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
