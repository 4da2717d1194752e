import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';
import { publishVersion } from '../src/versions/publish/publish.service.js';
import { ApiError } from '../src/lib/errors.js';
import { iterateRows, rowsTableName } from '../src/records/rows-table.js';
import type { DatasetManifest } from '../datasets/schema.js';
import { generateRows } from '../datasets/generate.js';

let t: ReturnType<typeof createTestApp>;
let ds: DatasetManifest;
let tmp: string;

beforeAll(() => {
  t = createTestApp();
  ds = t.catalog.datasets.find((d) => d.fields.some((f) => f.type === 'date') && d.rows >= 20 && d.rows < 2000)!;
  tmp = fs.mkdtempSync(path.join(t.dataDir, 'uploads-'));
});
afterAll(() => t.close());

const file = (name: string, content: string | Buffer) => {
  const p = path.join(tmp, name);
  fs.writeFileSync(p, content);
  return p;
};
const latestRows = () => {
  const v = t.db.$client.prepare('SELECT d.pk, d.latest_version n, v.schema FROM datasets d JOIN versions v ON v.dataset_pk = d.pk AND v.n = d.latest_version WHERE d.id = ?').get(ds.id) as { pk: number; n: number; schema: string };
  return { n: v.n, rows: [...iterateRows(t.db.$client, rowsTableName(v.pk, v.n), JSON.parse(v.schema))] };
};
const snapshot = () => ({
  versions: t.db.$client.prepare('SELECT dataset_pk, n, status FROM versions ORDER BY 1, 2').all(),
  tables: t.db.$client.prepare("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name").pluck().all(),
  files: fs.readdirSync(t.deps.filesDir, { recursive: true }).map(String).sort(),
});
const rowsOf = () => generateRows(ds, ds.versions.at(-1)!.n);
const csvOf = (rows: Record<string, unknown>[], opts: { labels?: boolean; delimiter?: string } = {}) =>
  Papa.unparse({ fields: ds.fields.map((f) => (opts.labels ? f.label_zh : f.name)), data: rows.map((r) => ds.fields.map((f) => r[f.name] ?? '')) }, { delimiter: opts.delimiter ?? ',', newline: '\r\n' });

async function expectRefused(p: string, status: number, check?: (e: ApiError) => void) {
  const before = snapshot();
  const err = await publishVersion(t.deps, { datasetId: ds.id, filePath: p, changeNote: 'test', publishedBy: null }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  expect((err as ApiError).status).toBe(status);
  check?.(err as ApiError);
  expect(snapshot()).toEqual(before);
}

describe('publishVersion', () => {
  it('publishes a GBK CSV with Chinese headers, in shuffled order, as the next version stored in key order', async () => {
    const rows = rowsOf();
    const shuffled = [...rows].reverse();
    const before = latestRows();
    const v = await publishVersion(t.deps, { datasetId: ds.id, filePath: file('gbk.csv', iconv.encode(csvOf(shuffled, { labels: true }), 'gbk')), changeNote: '月度更新', publishedBy: null });
    expect(v.n).toBe(before.n + 1);
    expect(v.encoding).toBe('gb18030');
    const after = latestRows();
    expect(after.n).toBe(v.n);
    expect(after.rows).toEqual(rows.map((r) => Object.fromEntries(ds.fields.map((f) => [f.name, r[f.name] ?? null]))));
    expect(v.diff).toEqual({ added: 0, removed: 0, changed: 0 });
    for (const a of Object.values(v.artifacts)) expect(fs.existsSync(path.join(t.deps.filesDir, a.path))).toBe(true);
  });

  it('accepts semicolon-delimited UTF-8 with BOM and a title row above the header', async () => {
    const rows = rowsOf().slice(0, 10);
    const body = `\uFEFF${ds.title_zh}（2026年11月）\r\n${csvOf(rows, { delimiter: ';' })}`;
    const v = await publishVersion(t.deps, { datasetId: ds.id, filePath: file('semi.csv', body), changeNote: '只保留10行', publishedBy: null });
    expect(v.rowCount).toBe(10);
    expect(v.diff!.removed).toBeGreaterThan(0);
  });

  it('accepts XLSX, JSON and NDJSON', async () => {
    const rows = rowsOf().slice(0, 5);
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('数据');
    sheet.addRow(ds.fields.map((f) => f.label_zh));
    for (const r of rows) sheet.addRow(ds.fields.map((f) => r[f.name] ?? null));
    const xlsx = path.join(tmp, 'upload.xlsx');
    await wb.xlsx.writeFile(xlsx);
    expect((await publishVersion(t.deps, { datasetId: ds.id, filePath: xlsx, changeNote: 'xlsx', publishedBy: null })).rowCount).toBe(5);
    expect((await publishVersion(t.deps, { datasetId: ds.id, filePath: file('a.json', JSON.stringify(rows)), changeNote: 'json', publishedBy: null })).rowCount).toBe(5);
    const nd = rows.map((r) => JSON.stringify(r)).join('\n');
    expect((await publishVersion(t.deps, { datasetId: ds.id, filePath: file('a.ndjson', nd), changeNote: 'ndjson', publishedBy: null })).rowCount).toBe(5);
  });
});

describe('publishVersion refuses bad files and changes nothing', () => {
  it('names missing and unknown columns', async () => {
    const rows = rowsOf().slice(0, 3);
    const csv = csvOf(rows).replace(ds.fields[0]!.name, 'mystery_column');
    await expectRefused(file('cols.csv', csv), 422, (e) => {
      const errs = e.extra.errors as { column: string; message: string }[];
      expect(errs.some((x) => x.column === 'mystery_column' && /unknown/.test(x.message))).toBe(true);
      expect(errs.some((x) => x.column === ds.fields[0]!.name && /missing/.test(x.message))).toBe(true);
    });
  });

  it('reports an impossible date with its row and column', async () => {
    const dateField = ds.fields.find((f) => f.type === 'date')!;
    const rows = rowsOf().slice(0, 5).map((r, i) => (i === 2 ? { ...r, [dateField.name]: '2024-13-45' } : r));
    await expectRefused(file('date.csv', csvOf(rows)), 422, (e) => {
      expect(e.extra.errors).toEqual([expect.objectContaining({ row: 4, column: dateField.name, value: '2024-13-45' })]);
    });
  });

  it('names both rows of a duplicate primary key', async () => {
    const rows = rowsOf().slice(0, 5);
    const pk = ds.fields.find((f) => f.primary_key)!.name;
    rows[4] = { ...rows[4]!, [pk]: rows[1]![pk]! };
    await expectRefused(file('dup.csv', csvOf(rows)), 422, (e) => {
      expect(String((e.extra.errors as { message: string }[])[0]!.message)).toMatch(/rows 3, 6|rows 6, 3/);
    });
  });

  it('refuses an empty file, a binary file and a zip renamed .csv', async () => {
    await expectRefused(file('empty.csv', ''), 422);
    await expectRefused(file('header-only.csv', csvOf([])), 422);
    await expectRefused(file('binary.csv', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2, 3, 0, 0])), 415);
    await expectRefused(file('archive.csv', Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(200, 1)])), 415);
  });
});
