// Issue 16, Excel-friendly files speak Chinese: a version published now has the Chinese field labels as the header of
// its XLSX (with a 字段说明 sheet) and of its Excel CSV (`?bom=1`), while the plain CSV/JSON/NDJSON keep the names.
// A version recorded before (its spreadsheet files' records carry no `layout`) keeps its bytes, through repairs too.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';
import { parseCsv } from './downloads-fixtures.js';
import { queryRun, queryValue } from './support/db-query.js';
import { createDataset } from '../src/catalog/catalog.write.js';
import { companyDataset, companyFields, writeCompanyCsv } from '../src/versions/publish/publish.fixtures.js';
import { publishVersion } from '../src/versions/publish/publish.service.js';
import { getVersion } from '../src/versions/versions.service.js';
import { ensureArtifacts } from '../src/versions/build-queue.js';
import { artifactPath } from '../src/versions/artifacts.js';
import { checkVersions } from '../src/versions/version-check.js';
import { repairVersions } from '../src/versions/version-repair.js';
import type { ArtifactInfo } from '../src/versions/versions.table.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
let t: TestApp;
let pk: number;
const id = 'labels-companies';
const names = companyFields.map((f) => f.name);
const labels = companyFields.map((f) => f.label_zh);
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const url = (n: number, format: string, query = '') => `/api/v1/datasets/${id}/versions/${n}/data.${format}${query}`;
const quiet = { info: () => {}, error: () => {} };

async function get(u: string, headers: Record<string, string> = {}) {
  const res = await t.app.request(u, { headers });
  return { res, body: Buffer.from(await res.arrayBuffer()) };
}
const artifactsOf = async (n: number) => (await getVersion(t.db, pk, n))!.artifacts as Record<string, ArtifactInfo>;
const filePath = (info: ArtifactInfo, ext: string) => artifactPath(t.deps.filesDir, info.sha256, ext);

async function workbook(bytes: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
}
const rowValues = (sheet: ExcelJS.Worksheet, r: number) => (sheet.getRow(r).values as unknown[]).slice(1);

/** Deletes the files of these artifacts and lets `check --repair` build them again. */
async function deleteAndRepair(n: number, keys: [string, string][]) {
  const before = await artifactsOf(n);
  for (const [key, ext] of keys) {
    fs.rmSync(filePath(before[key]!, ext));
    fs.rmSync(`${filePath(before[key]!, ext)}.gz`, { force: true });
  }
  const found = await checkVersions(t.deps);
  expect(found.map((p) => p.kind)).toEqual(keys.map(() => 'artifact_missing'));
  const report = await repairVersions({ ...t.deps, log: quiet }, found);
  expect(report.failed).toEqual([]);
  expect(report.remaining).toEqual([]);
  return { before, after: await artifactsOf(n) };
}

beforeAll(async () => {
  t = await createTestApp({ datasets: ['tax-service-halls'] });
  const dept = (await queryValue<string>(t.db, 'SELECT id FROM departments LIMIT 1'))!;
  const theme = (await queryValue<string>(t.db, 'SELECT id FROM themes LIMIT 1'))!;
  await createDataset(t.deps, { id: 'admin', role: 'admin', departmentId: null }, companyDataset(id, dept, theme));
  const csv = path.join(t.dataDir, 'companies.csv');
  writeCompanyCsv(csv, 400);
  await publishVersion(t.deps, { datasetId: id, filePath: csv, changeNote: '首次发布', publishedBy: null });
  await publishVersion(t.deps, { datasetId: id, filePath: csv, changeNote: '再次发布', publishedBy: null });
  await t.deps.workers.background.settled(); // the .gz copies, written after each publish's answer
  pk = (await queryValue<number>(t.db, 'SELECT pk FROM datasets WHERE id = ?', id))!;
  // Version 2 as an earlier release recorded it: its spreadsheet files' records carry no layout, and were written
  // with the field names (the files below are rebuilt from that record, as a repair of such a version would).
  const old = await artifactsOf(2);
  for (const key of ['csv_bom', 'xlsx']) {
    fs.rmSync(filePath(old[key]!, key === 'xlsx' ? 'xlsx' : 'csv'));
    delete old[key]!.layout;
  }
  await queryRun(t.db, 'UPDATE versions SET artifacts = ? WHERE dataset_pk = ? AND n = ?', JSON.stringify(old), pk, 2);
  await ensureArtifacts(t.deps, pk, 2);
}, 120_000);
afterAll(() => t.close());

describe('a version published now', () => {
  it('has an XLSX headed by the Chinese labels, with a 字段说明 sheet (name, labels, type, unit, description)', async () => {
    const { res, body } = await get(url(1, 'xlsx'));
    expect(res.status).toBe(200);
    const wb = await workbook(body);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['数据', '字段说明']);
    expect(rowValues(wb.worksheets[0]!, 1)).toEqual(labels);
    expect(wb.worksheets[0]!.getRow(2).getCell(1).value).toBe(1);
    const notes = wb.getWorksheet('字段说明')!;
    expect(rowValues(notes, 1)).toEqual(['字段名', '中文名称', '英文名称', '类型', '单位', '说明']);
    expect(notes.rowCount).toBe(companyFields.length + 1);
    const capital = (rowValues(notes, 2 + names.indexOf('capital')) as string[]);
    expect(capital.slice(0, 2)).toEqual(['capital', '注册资本（万元）']);
    expect(capital[3]).toBe('数值 (number)');
    expect(capital[4]).toBe('万元');
    expect((await artifactsOf(1)).xlsx!.layout).toBe('labels');
  });

  it('has an Excel CSV (?bom=1) starting with the BOM and the Chinese labels; the plain CSV, JSON and NDJSON keep the names', async () => {
    const excel = (await get(url(1, 'csv', '?bom=1'))).body;
    expect([...excel.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = excel.toString('utf8');
    expect(text.slice(1, text.indexOf('\r\n'))).toBe(labels.join(','));
    const plain = (await get(url(1, 'csv'))).body.toString('utf8');
    expect(plain.startsWith(`${names.join(',')}\r\n`)).toBe(true);
    // Below the header, the rows are the plain CSV's (no cell of this file looks like a formula).
    expect(text.slice(text.indexOf('\r\n'))).toBe(plain.slice(plain.indexOf('\r\n')));
    expect(Object.keys(JSON.parse((await get(url(1, 'json'))).body.toString('utf8'))[0])).toEqual(names);
    expect(Object.keys(JSON.parse((await get(url(1, 'ndjson'))).body.toString('utf8').split('\n')[0]!))).toEqual(names);
  });

  it('answers a Range of the Excel CSV with the right bytes, length and the recorded ETag', async () => {
    const full = await get(url(1, 'csv', '?bom=1'));
    const info = (await artifactsOf(1)).csv_bom!;
    expect(full.res.headers.get('etag')).toBe(`"${info.sha256}"`);
    expect(sha256(full.body)).toBe(info.sha256);
    expect(Number(full.res.headers.get('content-length'))).toBe(full.body.length);
    const part = await get(url(1, 'csv', '?bom=1'), { Range: 'bytes=3-40' });
    expect(part.res.status).toBe(206);
    expect(part.res.headers.get('content-range')).toBe(`bytes 3-40/${full.body.length}`);
    expect(part.res.headers.get('content-length')).toBe('38');
    expect(part.body.equals(full.body.subarray(3, 41))).toBe(true);
    expect(part.body.toString('utf8').startsWith(labels[0]!)).toBe(true);
  });

  it('gets the same spreadsheet files back, byte for byte, when a repair rebuilds them', async () => {
    const { before, after } = await deleteAndRepair(1, [['xlsx', 'xlsx'], ['csv_bom', 'csv']]);
    expect(after.xlsx).toEqual(before.xlsx);
    expect(after.csv_bom).toEqual(before.csv_bom);
    expect(sha256((await get(url(1, 'xlsx'))).body)).toBe(before.xlsx!.sha256);
  });
});

describe('a version recorded before the Chinese headers', () => {
  it('keeps serving its files as they were: field names in the XLSX (sheet data only) and in the Excel CSV', async () => {
    const recorded = await artifactsOf(2);
    expect(recorded.xlsx!.layout).toBeUndefined();
    const xlsx = await get(url(2, 'xlsx'));
    expect(sha256(xlsx.body)).toBe(recorded.xlsx!.sha256);
    const wb = await workbook(xlsx.body);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['data']);
    expect(rowValues(wb.worksheets[0]!, 1)).toEqual(names);
    const excel = await get(url(2, 'csv', '?bom=1'));
    expect(excel.res.headers.get('etag')).toBe(`"${recorded.csv_bom!.sha256}"`);
    expect(sha256(excel.body)).toBe(recorded.csv_bom!.sha256);
    expect(parseCsv(excel.body.toString('utf8').slice(1)).header).toEqual(names);
    // Its rows are version 1's: only the header differs between the two layouts.
    const now = (await get(url(1, 'csv', '?bom=1'))).body.toString('utf8');
    expect(excel.body.toString('utf8').split('\r\n').slice(1)).toEqual(now.split('\r\n').slice(1));
  });

  it('gets its original files back, byte for byte, when a repair rebuilds them (not the new layout)', async () => {
    const { before, after } = await deleteAndRepair(2, [['xlsx', 'xlsx'], ['csv_bom', 'csv']]);
    expect(after.xlsx).toEqual(before.xlsx);
    expect(after.csv_bom).toEqual(before.csv_bom);
    expect((await get(url(2, 'csv', '?bom=1'))).body.toString('utf8').startsWith(`\uFEFF${names.join(',')}\r\n`)).toBe(true);
  });
});
