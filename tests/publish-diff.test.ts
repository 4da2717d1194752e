import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';
import { seededVersions } from './downloads-fixtures.js';
import { rowsTableName, type Row } from '../src/versions/rows/rows-table.js';
import { createRowsTable, indexRowsTable, insertRows, iterateRows } from '../src/versions/rows/rows-table.sql.js';
import type { FieldSpec } from '../src/lib/field-spec.js';
import { diffRows } from '../src/versions/diff.js';
import { diffTables } from '../src/versions/rows/diff-tables.sql.js';
import { getVersion } from '../src/versions/versions.service.js';

const t = await createTestApp();
afterAll(() => t.close());

const f = (name: string, type: FieldSpec['type'], extra: Partial<FieldSpec> = {}): FieldSpec => ({ name, label_zh: name, type, required: false, primary_key: false, ...extra });

function table(name: string, schema: FieldSpec[], rows: Row[]) {
  const sqlite = t.db.$client;
  createRowsTable(sqlite, name, schema);
  insertRows(sqlite, name, schema, rows);
  indexRowsTable(sqlite, name, schema);
  return { table: name, schema };
}

/** The old way (every row of both versions serialised in memory), kept as the reference. */
const inMemory = (a: { table: string; schema: FieldSpec[] }, b: { table: string; schema: FieldSpec[] }) =>
  diffRows(iterateRows(t.db.$client, a.table, a.schema), iterateRows(t.db.$client, b.table, b.schema), b.schema);

describe('diff in SQL', () => {
  it('gives every seeded version the diff recorded when it was seeded', async () => {
    const all = (await seededVersions(t));
    const versions = all.filter((v) => v.n > 1);
    expect(versions.length).toBeGreaterThan(0);
    for (const v of versions) {
      const prev = all.find((p) => p.pk === v.pk && p.n === v.n - 1)!;
      const diff = diffTables(t.db.$client, { table: rowsTableName(prev.pk, prev.n), schema: prev.schema }, { table: rowsTableName(v.pk, v.n), schema: v.schema });
      expect(diff, `${v.datasetId} v${v.n}`).toEqual((await getVersion(t.db, v.pk, v.n))!.diff);
    }
  });

  it('counts added, removed and changed rows like the in-memory comparison, also when columns change type or come and go', () => {
    const oldSchema = [f('id', 'integer', { primary_key: true, required: true }), f('n', 'integer'), f('x', 'number'), f('s', 'string'), f('b', 'boolean'), f('gone', 'string'), f('d', 'date')];
    const newSchema = [f('id', 'integer', { primary_key: true, required: true }), f('n', 'number'), f('x', 'number'), f('s', 'integer'), f('b', 'boolean'), f('d', 'string'), f('extra', 'string')];
    const oldRows: Row[] = [];
    const newRows: Row[] = [];
    for (let i = 1; i <= 400; i++) {
      oldRows.push({ id: i, n: i % 5, x: i % 3 ? i / 4 : null, s: i % 7 ? String(i) : null, b: i % 2 === 0, gone: 'g', d: '2024-01-01' });
      if (i % 11 === 0) continue; // removed
      newRows.push({
        id: i,
        n: i % 13 === 0 ? (i % 5) + 0.5 : i % 5, // 3 and 3.0 are the same number; 3.5 is not
        x: i % 3 ? (i % 17 === 0 ? i / 4 + 1 : i / 4) : i % 19 === 0 ? 0 : null,
        s: i % 7 ? i : null, // now a number: "8" and 8 differ, null and null do not
        b: i % 23 === 0 ? i % 2 !== 0 : i % 2 === 0,
        d: '2024-01-01', // same text, date -> string: both JSON strings
        extra: i % 29 === 0 ? 'new' : null,
      });
    }
    for (let i = 401; i <= 430; i++) newRows.push({ id: i, n: 1, x: null, s: null, b: false, d: null, extra: null }); // added
    const a = table('diff_old', oldSchema, oldRows);
    const b = table('diff_new', newSchema, newRows);
    const expected = inMemory(a, b);
    expect(expected.added).toBe(30);
    expect(expected.removed).toBe(36);
    expect(expected.changed).toBeGreaterThan(0);
    expect(diffTables(t.db.$client, a, b)).toEqual(expected);
    expect(diffTables(t.db.$client, a, a)).toEqual({ added: 0, removed: 0, changed: 0 });
  });

  it('compares text keys exactly and treats a key that changed kind as all new rows', () => {
    const textKey = [f('code', 'string', { primary_key: true, required: true }), f('v', 'integer')];
    const a = table('diff_text_a', textKey, [{ code: 'a', v: 1 }, { code: 'B', v: 2 }, { code: '1', v: 3 }]);
    const b = table('diff_text_b', textKey, [{ code: 'a', v: 1 }, { code: 'b', v: 2 }, { code: '1', v: 4 }]);
    expect(diffTables(t.db.$client, a, b)).toEqual(inMemory(a, b));
    expect(diffTables(t.db.$client, a, b)).toEqual({ added: 1, removed: 1, changed: 1 });
    const intKey = table('diff_int_key', [f('code', 'integer', { primary_key: true, required: true }), f('v', 'integer')], [{ code: 1, v: 3 }]);
    expect(diffTables(t.db.$client, a, intKey)).toEqual({ added: 1, removed: 3, changed: 0 });
    expect(inMemory(a, intKey)).toEqual({ added: 1, removed: 3, changed: 0 });
  });

  it('needs no row in memory: a 100,000-row diff leaves the JS heap where it was', () => {
    const schema = [f('id', 'integer', { primary_key: true, required: true }), f('s', 'string'), f('x', 'number')];
    const rows = function* (shift: number) {
      for (let i = 1; i <= 100_000; i++) yield { id: i + shift, s: `第${i}行的文字`, x: i % 1000 === 0 ? i + shift : i };
    };
    const a = table('diff_big_a', schema, [...rows(0)]);
    const b = table('diff_big_b', schema, [...rows(100)]);
    const before = process.memoryUsage().heapUsed;
    const diff = diffTables(t.db.$client, a, b); // the in-memory way held 2 x 100,000 serialised rows here (tens of MB)
    const grown = process.memoryUsage().heapUsed - before;
    expect(diff).toEqual({ added: 100, removed: 100, changed: 99_900 });
    expect(diff).toEqual(inMemory(a, b));
    expect(grown).toBeLessThan(5e6);
  });
});
