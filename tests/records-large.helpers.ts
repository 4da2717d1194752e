// A published version made with the store's own functions (typed table, inserts, indexes, version row),
// without the publish pipeline: a 200,000-row version in ~2 s, so tests about large versions stay fast.
import type { FieldSpec } from '../src/lib/field-spec.js';
import { createDataset } from '../src/catalog/catalog.write.js';
import { commitVersion } from '../src/versions/versions.service.js';
import { rowsTableName, type Row } from '../src/versions/rows/rows-table.js';
import { createRowsTable, indexRowsTable, insertRows } from '../src/versions/rows/rows-table.sql.js';
import { millionLine, millionSchema } from '../scripts/bench/million.js';
import type { createTestApp } from './helpers.js';
import { queryValue } from './support/db-query.js';
import { isPg } from '../src/db/engine.js';
import { writeWholeRowsTable } from '../src/versions/rows/rows-table.sql.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

export async function addVersion(t: TestApp, id: string, fields: FieldSpec[], rows: Iterable<Row>): Promise<{ table: string; rows: number }> {
  const [department, theme] = [t.catalog.departments[0]!.id, t.catalog.themes[0]!.id];
  await createDataset(t.deps, { id: 'test', role: 'admin', departmentId: null }, {
        id, code: `${id}-code`, title_zh: `${id} 测试`, title_en: id, summary_zh: '测试', summary_en: 'test', department, theme,
        open_type: 'open', share_type: '无条件共享', update_frequency: 'daily', license: 'CC-BY-4.0', keywords: [], keywords_en: [],
        spatial: '马鞍山市', industry: null, related_codes: [], fields,
      });
  const pk = (await queryValue<number>(t.db, 'SELECT pk FROM datasets WHERE id = ?', id))!;
  const table = rowsTableName(pk, 1);
  const sqlite = t.db.$client;
  const count = isPg(t.db) ? await writeWholeRowsTable(t.db, table, fields, rows) : sqlite.transaction(() => {
    createRowsTable(sqlite, table, fields);
    const n = insertRows(sqlite, table, fields, rows);
    indexRowsTable(sqlite, table, fields);
    return n;
  })();
  await commitVersion(t.db, pk, { n: 1, schema: fields, publishedAt: new Date().toISOString(), changeNote: 'test', rowCount: count, diff: null, artifacts: {} });
  return { table, rows: count };
}

/** Rows 1..n of the million-row bench table (scripts/bench/million.ts), typed as the publish stores them. */
export function* millionRows(n: number): Generator<Row> {
  for (let i = 1; i <= n; i++) {
    const line = millionLine(i).trimEnd();
    const cells = line.split(',', millionSchema.length - 1);
    // The last cell (a note) may itself hold commas and quotes, CSV-quoted.
    const note = line.slice(cells.join(',').length + 1);
    cells.push(note.startsWith('"') ? note.slice(1, -1).replace(/""/g, '"') : note);
    const row: Row = {};
    millionSchema.forEach((f, k) => {
      const raw = cells[k] ?? '';
      row[f.name] = raw === '' ? null : f.type === 'integer' || f.type === 'number' ? Number(raw) : f.type === 'boolean' ? raw === 'true' : f.type === 'datetime' ? `${raw.replace(' ', 'T')}Z` : raw;
    });
    yield row;
  }
}

export { millionSchema };
