import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';
import { publishVersion } from '../src/versions/publish/publish.service.js';
import { ApiError } from '../src/lib/errors.js';
import { rowsTableName } from '../src/versions/rows/rows-table.js';
import type { DatasetManifest } from '../datasets/schema.js';
import { generateRows } from '../datasets/generate.js';
import { ingestRows } from '../src/versions/publish/ingest.js';
import { createDataset } from '../src/catalog/catalog.write.js';
import { companyDataset, companyFields, writeCompanyCsv } from '../src/versions/publish/publish.fixtures.js';
import { allRows, queryRow, queryRows, queryRun, queryValue, tableNames } from './support/db-query.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let ds: DatasetManifest;
let tmp: string;

beforeAll(async () => {
  t = await createTestApp();
  ds = t.catalog.datasets.find((d) => d.fields.some((f) => f.type === 'date') && d.rows >= 20 && d.rows < 2000)!;
  tmp = fs.mkdtempSync(path.join(t.dataDir, 'uploads-'));
});
afterAll(() => t.close());

const file = (name: string, content: string | Buffer) => {
  const p = path.join(tmp, name);
  fs.writeFileSync(p, content);
  return p;
};
const latestRows = async () => {
  const v = (await queryRow(t.db, 'SELECT d.pk, d.latest_version n, v.schema FROM datasets d JOIN versions v ON v.dataset_pk = d.pk AND v.n = d.latest_version WHERE d.id = ?', ds.id)) as { pk: number; n: number; schema: string };
  return { n: v.n, rows: (await allRows(t.db, rowsTableName(v.pk, v.n), JSON.parse(v.schema))) };
};
const snapshot = async () => ({
  versions: (await queryRows(t.db, 'SELECT dataset_pk, n, status FROM versions ORDER BY 1, 2')),
  tables: await tableNames(t.db),
  files: fs.readdirSync(t.deps.filesDir, { recursive: true }).map(String).sort(),
});
const rowsOf = () => generateRows(ds, ds.versions.at(-1)!.n);
const csvOf = (rows: Record<string, unknown>[], opts: { labels?: boolean; delimiter?: string } = {}) =>
  Papa.unparse({ fields: ds.fields.map((f) => (opts.labels ? f.label_zh : f.name)), data: rows.map((r) => ds.fields.map((f) => r[f.name] ?? '')) }, { delimiter: opts.delimiter ?? ',', newline: '\r\n' });

async function expectRefused(p: string, status: number, check?: (e: ApiError) => void) {
  const before = await snapshot();
  const err = await publishVersion(t.deps, { datasetId: ds.id, filePath: p, changeNote: 'test', publishedBy: null }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  expect((err as ApiError).status).toBe(status);
  check?.(err as ApiError);
  expect(await snapshot()).toEqual(before);
}

describe('publishVersion', () => {
  it('publishes a GBK CSV with Chinese headers, in shuffled order, as the next version stored in key order', async () => {
    const rows = rowsOf();
    const shuffled = [...rows].reverse();
    const before = await latestRows();
    const v = await publishVersion(t.deps, { datasetId: ds.id, filePath: file('gbk.csv', iconv.encode(csvOf(shuffled, { labels: true }), 'gbk')), changeNote: '月度更新', publishedBy: null });
    expect(v.n).toBe(before.n + 1);
    expect(v.encoding).toBe('gb18030');
    const after = await latestRows();
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

  it('skips blank lines and the rows of empty cells Excel leaves between and after the data', async () => {
    const rows = rowsOf().slice(0, 6);
    const empty = ','.repeat(ds.fields.length - 1);
    const [header, ...lines] = csvOf(rows).split('\r\n');
    const body = [empty, header, lines[0], '', empty, ...lines.slice(1, 4), ` ${empty} `, ...lines.slice(4), empty, empty, ''].join('\r\n');
    const v = await publishVersion(t.deps, { datasetId: ds.id, filePath: file('blank-rows.csv', body), changeNote: '空行', publishedBy: null });
    expect(v.rowCount).toBe(6);
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

describe('validation in a worker thread (uploads of 1 MB and more)', () => {
  const scratch = 'ds_worker_check';
  /** The same file ingested in the calling thread and in the worker. */
  async function bothWays(p: string) {
    const results: unknown[] = [];
    for (const workerFromBytes of [Infinity, 0]) {
      results.push(
        await ingestRows(t.deps, scratch, ds.fields, p, { workerFromBytes }).then(
          async (r) => ({ count: r.count, format: r.format, encoding: r.encoding, rows: (await allRows(t.db, scratch, ds.fields)) }),
          (e: ApiError) => ({ status: e.status, code: e.code, message: e.message, extra: e.extra }),
        ),
      );
      await queryRun(t.db, `DROP TABLE IF EXISTS ${scratch}`);
    }
    return results as [Record<string, unknown>, Record<string, unknown>];
  }

  it('stores the same rows and refuses with the same errors as the calling thread', async () => {
    const rows = rowsOf();
    const [ok, okInWorker] = await bothWays(file('w-ok.csv', iconv.encode(csvOf([...rows].reverse(), { labels: true }), 'gbk')));
    expect(ok.count).toBe(rows.length);
    expect(okInWorker).toEqual(ok);

    const dateField = ds.fields.find((f) => f.type === 'date')!;
    const pk = ds.fields.find((f) => f.primary_key)!.name;
    const badDate = rowsOf().slice(0, 8).map((r, i) => (i === 6 ? { ...r, [dateField.name]: '2024-13-45' } : r));
    const dupKey = rowsOf().slice(0, 5).map((r, i, all) => (i === 4 ? { ...r, [pk]: all[1]![pk]! } : r));
    for (const [name, body] of [['w-date.csv', csvOf(badDate)], ['w-dup.csv', csvOf(dupKey)], ['w-cols.csv', csvOf(rows.slice(0, 3)).replace(ds.fields[0]!.name, 'mystery')]]) {
      const [refused, refusedInWorker] = await bothWays(file(name!, body!));
      expect(refused.status).toBe(422);
      expect(refusedInWorker).toEqual(refused);
    }
    expect(await tableNames(t.db)).not.toContain(scratch);
  });

  it('publishes a 1.6 MB file after refusing one, with the problem row named', async () => {
    const dept = (await queryValue(t.db, 'SELECT id FROM departments LIMIT 1')) as string;
    const theme = (await queryValue(t.db, 'SELECT id FROM themes LIMIT 1')) as string;
    await createDataset(t.deps, { id: 'admin', role: 'admin', departmentId: null }, companyDataset('worker-companies', dept, theme));
    const good = path.join(tmp, 'companies.csv');
    writeCompanyCsv(good, 10_000);
    expect(fs.statSync(good).size).toBeGreaterThan(1 << 20);
    const lines = fs.readFileSync(good, 'utf8').split('\r\n');
    lines[9000] = lines[9000]!.replace(/,(true|false),/, ',perhaps,');
    const bad = file('companies-bad.csv', lines.join('\r\n'));
    const err = (await publishVersion(t.deps, { datasetId: 'worker-companies', filePath: bad, changeNote: 'bad', publishedBy: null }).catch((e: unknown) => e)) as ApiError;
    expect(err.status).toBe(422);
    expect(err.extra.errors).toEqual([expect.objectContaining({ row: 9001, column: 'active', value: 'perhaps' })]);
    const v = await publishVersion(t.deps, { datasetId: 'worker-companies', filePath: good, changeNote: 'good', publishedBy: null });
    expect(v).toMatchObject({ n: 1, rowCount: 10_000, format: 'csv', encoding: 'utf-8' });
    const pk = (await queryValue(t.db, "SELECT pk FROM datasets WHERE id = 'worker-companies'")) as number;
    const last = (await allRows(t.db, rowsTableName(pk, 1), companyFields)).at(-1);
    expect(last).toMatchObject({ id: 10_000, district: '含山县', founded: '2020-02-11', updated: '2026-11-02T01:30:00Z', active: true });
  });
});
