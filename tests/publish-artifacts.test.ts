import fs from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';
import { readXlsx, seededVersions, tableRows } from './downloads-fixtures.js';
import { Parser } from '@json2csv/plainjs';
import { neutraliseFormula, quoteCsv } from '../src/lib/csv.js';
import type { FieldSpec } from '../src/lib/field-spec.js';
import { rowsTableName, type Row } from '../src/versions/rows/rows-table.js';
import { createRowsTable, insertRows } from '../src/versions/rows/rows-table.sql.js';
import { artifactPath, artifactSpecs, type ArtifactKey } from '../src/versions/artifacts.js';
import { buildVersionArtifacts } from '../src/versions/build-queue.js';
import { writeTableArtifacts } from '../src/versions/table-artifacts.js';
import { createDataset } from '../src/catalog/catalog.write.js';
import { companyDataset, writeCompanyCsv } from '../src/versions/publish/publish.fixtures.js';
import { publishVersion } from '../src/versions/publish/publish.service.js';

const t = await createTestApp();
afterAll(() => t.close());

/** The writers as they were (json2csv's encoder, JSON.stringify of row objects): today's files must keep these bytes. */
function legacyBytes(rows: Row[], schema: FieldSpec[]): Record<Exclude<ArtifactKey, 'xlsx'>, string> {
  const names = schema.map((f) => f.name);
  const csv = (spreadsheet: boolean) => {
    // json2csv with the options the portal gave it, our quoting and formula rules plugged in.
    const options = { fields: names, eol: '\r\n', includeEmptyRows: true, formatters: { header: quoteCsv, string: spreadsheet ? (v: string) => quoteCsv(neutraliseFormula(v)) : quoteCsv } };
    let out = `${spreadsheet ? '\uFEFF' : ''}${new Parser<Row, Row>({ ...options, header: true }).parse([])}\r\n`;
    const body = new Parser<Row, Row>({ ...options, header: false });
    for (let i = 0; i < rows.length; i += 1000) out += `${body.parse(rows.slice(i, i + 1000))}\r\n`;
    return out;
  };
  const lines = rows.map((r) => JSON.stringify(r));
  return {
    csv: csv(false),
    csv_bom: csv(true),
    json: lines.length ? `[\n${lines.join(',\n')}\n]\n` : '[]\n',
    ndjson: lines.map((l) => `${l}\n`).join(''),
  };
}

const stored = (info: { sha256: string }, key: ArtifactKey) => fs.readFileSync(artifactPath(t.deps.filesDir, info.sha256, artifactSpecs[key].ext));

describe('artifact bytes', () => {
  it('CSV, Excel CSV, JSON and NDJSON of every seeded version are byte for byte what the old writers wrote', async () => {
    for (const v of (await seededVersions(t)).filter((s) => s.status === 'published')) {
      const built = await buildVersionArtifacts(t.deps, v.pk, v.n);
      const legacy = legacyBytes(await tableRows(t, v), v.schema);
      // Built now, the Excel CSV has the Chinese labels for header (issue 16); its rows are the old writer's bytes.
      legacy.csv_bom = `\uFEFF${v.schema.map((f) => quoteCsv(neutraliseFormula(f.label_zh))).join(',')}${legacy.csv_bom.slice(legacy.csv_bom.indexOf('\r\n'))}`;
      for (const key of ['csv', 'csv_bom', 'json', 'ndjson'] as const) {
        expect(stored(built[key], key).toString('utf8'), `${v.datasetId} v${v.n} ${key}`).toBe(legacy[key]);
      }
    }
  });

  const f = (name: string, type: FieldSpec['type'], extra: Partial<FieldSpec> = {}): FieldSpec => ({ name, label_zh: name, type, required: false, primary_key: false, ...extra });
  const schema = [f('id', 'integer', { primary_key: true, required: true }), f('text', 'string'), f('x', 'number'), f('ok', 'boolean'), f('day', 'date'), f('at', 'datetime')];
  const texts = ['plain', '', 'a,b', 'say "hi"', 'two\r\nlines', 'lf\nonly', '=SUM(A1)', '+1', '-2', '@x', '\tlead', ' padded ', '中文，逗号', '_x0041_ literal', 'a < b & c > d', 'emoji 🙂', 'nul\u0001ctl', null];
  const numbers = [0, -0, 1.5, -3, 0.1 + 0.2, 1e21, 123456789012, -1e-7, null];
  const rows: Row[] = texts.map((text, i) => ({
    id: i + 1,
    text,
    x: numbers[i % numbers.length]!,
    ok: i % 3 === 0 ? null : i % 2 === 0,
    day: i % 4 === 0 ? null : `2024-0${1 + (i % 9)}-1${i % 10}`,
    at: i % 5 === 0 ? null : `2024-03-0${1 + (i % 9)}T0${i % 10}:30:00Z`,
  }));
  const table = 'art_edge_cases';
  createRowsTable(t.db.$client, table, schema);
  insertRows(t.db.$client, table, schema, rows);

  it('keeps those bytes for quotes, line breaks, formulas, empty strings, -0, 1e21 and nulls', async () => {
    // The Excel CSV as every version before issue 16 has it (field names): the reference's layout, kept forever.
    const built = await writeTableArtifacts(t.db.$client, t.deps, table, schema, ['csv', 'csv_bom', 'json', 'ndjson'], { layouts: { csv_bom: 'names' } });
    const legacy = legacyBytes(rows.map((r) => ({ ...r, x: r.x === null ? null : Number(r.x) })), schema);
    for (const key of ['csv', 'csv_bom', 'json', 'ndjson'] as const) expect(stored(built[key]!, key).toString('utf8'), key).toBe(legacy[key]);
  });

  it('writes a workbook that reads back to the same typed rows: numbers, booleans, dates, text with spaces, markup and _xHHHH_', async () => {
    const built = await writeTableArtifacts(t.db.$client, t.deps, table, schema, ['xlsx']);
    const back = await readXlsx(stored(built.xlsx!, 'xlsx'), schema);
    expect(back.header).toEqual(schema.map((s) => s.label_zh));
    // What Excel shows: OOXML spells characters XML cannot carry, and a literal `_x`, as `_xHHHH_` (exceljs leaves them spelled).
    const excelText = (v: Row[string]) => (typeof v === 'string' ? v.replace(/_x([0-9A-F]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))) : v);
    expect(back.rows.map((r) => ({ ...r, text: excelText(r.text!) }))).toEqual(rows.map((r) => ({ ...r, x: r.x === null ? null : (r.x as number) + 0 }))); // -0 is written as 0, as in JSON
    const again = await writeTableArtifacts(t.db.$client, t.deps, table, schema, ['xlsx']);
    expect(again.xlsx!.sha256).toBe(built.xlsx!.sha256);
  });
});

describe('a large publish and the serving thread', () => {
  it('300,000 rows publish with every file and the diff while the event loop never stops for more than 200 ms', async () => {
    const dept = t.db.$client.prepare('SELECT id FROM departments LIMIT 1').pluck().get() as string;
    const theme = t.db.$client.prepare('SELECT id FROM themes LIMIT 1').pluck().get() as string;
    await createDataset(t.deps, { id: 'admin', role: 'admin', departmentId: null }, companyDataset('big-publish', dept, theme));
    const csv = path.join(t.dataDir, 'big.csv');
    writeCompanyCsv(csv, 300_000);
    await publishVersion(t.deps, { datasetId: 'big-publish', filePath: csv, changeNote: 'v1', publishedBy: null });
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const v = await publishVersion(t.deps, { datasetId: 'big-publish', filePath: csv, changeNote: 'v2', publishedBy: null });
    loop.disable();
    expect(v.rowCount).toBe(300_000);
    expect(v.diff).toEqual({ added: 0, removed: 0, changed: 0 });
    expect(Object.keys(v.artifacts)).toEqual(['csv', 'csv_bom', 'json', 'ndjson', 'xlsx']);
    const pk = t.db.$client.prepare("SELECT pk FROM datasets WHERE id = 'big-publish'").pluck().get() as number;
    const indexes = t.db.$client.prepare("SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = ?").pluck().get(rowsTableName(pk, v.n));
    expect(indexes).toBe(7); // the key and the six filterable columns
    expect(loop.max / 1e6, 'longest event-loop stall (ms)').toBeLessThan(200);
  }, 300_000);
});
