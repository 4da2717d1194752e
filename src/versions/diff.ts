import type { FieldSpec } from '../lib/field-spec.js';
import { primaryKeyOf, type Row } from './rows/rows-table.js';
import type { VersionDiff } from './versions.table.js';

/**
 * Rows compared by primary key; a row counts as changed when any column of the new schema holds a different
 * JSON value than before (a column the old schema lacks was null). For rows already in memory (the seed).
 */
export function diffRows(previous: Iterable<Row>, next: Iterable<Row>, schema: FieldSpec[]): VersionDiff {
  const pk = primaryKeyOf(schema).name;
  const names = schema.map((f) => f.name);
  const key = (r: Row) => names.map((n) => JSON.stringify(r[n] ?? null)).join('\u0001');
  const before = new Map<unknown, string>();
  for (const r of previous) before.set(r[pk], key(r));
  let added = 0;
  let changed = 0;
  for (const r of next) {
    const old = before.get(r[pk]);
    if (old === undefined) added++;
    else if (old !== key(r)) changed++;
    before.delete(r[pk]);
  }
  return { added, removed: before.size, changed };
}

/** A version's rows table and its schema: one side of `diffTables` (versions/rows/diff-tables.sql.ts). */
export type VersionTable = { table: string; schema: FieldSpec[] };
