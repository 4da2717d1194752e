import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';
import { createUser } from '../src/auth/auth.service.js';
import { createSession } from '../src/auth/auth.session.js';
import { createDataset } from '../src/catalog/catalog.write.js';
import { ApiError } from '../src/lib/errors.js';
import { rowsTableName } from '../src/versions/rows/rows-table.js';
import { companyDataset, companyFields } from '../src/versions/publish/publish.fixtures.js';
import { publishVersion } from '../src/versions/publish/publish.service.js';
import { companyLines, encodeLines, lieAboutSize, plainSheet, repeated, sharedStrings, sheetWith, writeXlsx } from './publish-input.helpers.js';
import { allRows, queryRow, queryValue, rowsTableNames } from './support/db-query.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let tmp: string;
let cookie: string;
const datasetId = 'input-companies';
/** Row counts that keep a file under 1 MB (parsed in the calling thread) and over it (parsed in the worker). */
const sizes = { 'in the calling thread': 100, 'in the worker': 10_000 } as const;

beforeAll(async () => {
  t = await createTestApp({ datasets: [] });
  tmp = fs.mkdtempSync(path.join(t.dataDir, 'inputs-'));
  const dept = (await queryValue(t.db, 'SELECT id FROM departments ORDER BY position LIMIT 1')) as string;
  const theme = (await queryValue(t.db, 'SELECT id FROM themes LIMIT 1')) as string;
  await createDataset(t.deps, { id: 'admin', role: 'admin', departmentId: null }, companyDataset(datasetId, dept, theme));
  const u = await createUser(t.db, { email: 'publisher@example.cn', password: 'correct horse battery', role: 'publisher', departmentId: dept }, new Date());
  cookie = `kf_session=${(await createSession(t.db, u.id, new Date())).token}`;
});
afterAll(() => t.close());

let serial = 0;
const file = (content: string | Buffer, ext = 'csv') => {
  const p = path.join(tmp, `f${++serial}.${ext}`);
  fs.writeFileSync(p, content);
  return p;
};
const lines = (rows: number) => companyLines(path.join(tmp, `base-${rows}.csv`), rows);
const versions = async () => (await queryValue(t.db, 'SELECT COUNT(*) FROM versions v JOIN datasets d ON d.pk = v.dataset_pk WHERE d.id = ?', datasetId)) as number;
const rowsTables = async () => (await rowsTableNames(t.db)).length;
const publish = (filePath: string) => publishVersion(t.deps, { datasetId, filePath, changeNote: 'test', publishedBy: null });

/** Publishes, expects the refusal, and checks that nothing was stored: no version, no rows table left behind. */
async function refused(filePath: string): Promise<ApiError> {
  const before = { versions: await versions(), tables: await rowsTables() };
  const err = await publish(filePath).then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(ApiError);
  expect({ versions: await versions(), tables: await rowsTables() }).toEqual(before);
  return err as ApiError;
}

/** The same upload over HTTP: the problem+json a department's browser or script receives. */
async function upload(filePath: string, name: string) {
  const form = new FormData();
  form.set('change_note', '测试');
  form.set('file', new Blob([fs.readFileSync(filePath)]), name);
  const res = await t.app.request(`/api/v1/datasets/${datasetId}/versions`, { method: 'POST', body: form, headers: { Origin: 'http://localhost', Cookie: cookie } });
  return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as { code: string; detail: string; errors?: { row?: number; column?: string; message: string }[] } };
}

const storedRow = async (id: number) => {
  const pk = (await queryRow(t.db, 'SELECT pk, latest_version FROM datasets WHERE id = ?', datasetId)) as { pk: number; latest_version: number };
  return (await allRows(t.db, rowsTableName(pk.pk, pk.latest_version), companyFields)).find((r) => r.id === id)!;
};

describe.each(Object.entries(sizes))('text is refused, not altered, %s', (where, rows) => {
  it('a UTF-8 file with a GBK row: 422 invalid_encoding naming the row', async () => {
    const ls = lines(rows);
    const bad = rows - 3; // a line near the end, far past the first 64 KB in the big file
    const p = file(encodeLines(ls, (i) => (i === bad ? 'gbk' : 'utf8')));
    if (where === 'in the worker') expect(fs.statSync(p).size).toBeGreaterThan(1 << 20);
    const e = await refused(p);
    expect(e.status).toBe(422);
    expect(e.code).toBe('invalid_encoding');
    expect(e.message).toContain(`row ${bad + 1}`);
    expect(e.extra.errors).toContainEqual(expect.objectContaining({ row: bad + 1, column: 'name' }));
    expect((e.extra.errors as { row: number }[]).every((x) => x.row === bad + 1)).toBe(true);
  });

  it('a GBK file with a UTF-8 row: 422 invalid_encoding naming the row (no mojibake stored)', async () => {
    const ls = lines(rows);
    const bad = Math.floor(rows / 2);
    const e = await refused(file(encodeLines(ls, (i) => (i === bad ? 'utf8' : 'gbk'))));
    expect(e.code).toBe('invalid_encoding');
    expect(e.message).toContain(`row ${bad + 1}`);
    expect(e.extra.errors).toContainEqual(expect.objectContaining({ row: bad + 1, column: 'address' }));
    expect((e.extra.errors as { row: number }[]).every((x) => x.row === bad + 1)).toBe(true);
  });

  it('a NUL byte after the first 8 KB, or another control character: 422 naming row and column', async () => {
    const ls = lines(rows);
    const at = rows - 1;
    ls[at] = ls[at]!.replace('科技有限公司', '科技\u0000有限公司');
    ls[at - 5] = ls[at - 5]!.replace('湖南路', '湖南路\u001b[31m');
    const p = file(ls.join('\r\n'));
    expect(fs.readFileSync(p).subarray(0, 8192).includes(0)).toBe(false);
    const e = await refused(p);
    expect(e.code).toBe('validation_failed');
    expect(e.extra.errors).toEqual([
      expect.objectContaining({ row: at - 4, column: 'address', message: expect.stringContaining('U+001B') }),
      expect.objectContaining({ row: at + 1, column: 'name', message: expect.stringContaining('U+0000') }),
    ]);
  });

  it('stores a leading tab, inner line breaks and no-break spaces as given; trims only spaces at the ends', async () => {
    const ls = lines(rows);
    const cols = (i: number) => ls[i]!.split(',');
    const tabbed = cols(2);
    tabbed[3] = '"\t湖南路8号"';
    ls[2] = tabbed.join(',');
    const multi = cols(3);
    multi[1] = '"\u00a0马鞍山市\r\n第二行 "';
    multi[3] = ' \u3000湖南路9号  ';
    ls[3] = multi.join(',');
    const v = await publish(file(ls.join('\r\n')));
    expect(v.rowCount).toBe(rows);
    expect((await storedRow(2)).address).toBe('\t湖南路8号');
    expect(await storedRow(3)).toMatchObject({ name: '\u00a0马鞍山市\r\n第二行', address: '湖南路9号' });
  });
});

describe.each(Object.entries(sizes))('nested JSON is a 422, never a crash, %s', (where, rows) => {
  const records = (n: number) =>
    lines(n).slice(1).map((l) => {
      const [id, name, district, address] = l.split(',');
      return { id: Number(id), name, district, address: address!.replace(/"/g, ''), founded: '2020-01-01', active: true };
    });
  const deep = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

  it('a cell holding an array or object: 422 naming row and column', async () => {
    const rs = records(rows);
    const json = `[${rs.map((r, i) => (i === 4 ? JSON.stringify({ ...r, address: ['湖南路', { no: 8 }] }) : i === 6 ? JSON.stringify({ ...r, name: { zh: r.name } }) : JSON.stringify(r))).join(',\n')}]`;
    const p = file(json, 'json');
    if (where === 'in the worker') expect(fs.statSync(p).size).toBeGreaterThan(1 << 20);
    const e = await refused(p);
    expect(e.code).toBe('validation_failed');
    expect(e.extra.errors).toEqual([
      expect.objectContaining({ row: 6, column: 'address', value: '[…]', message: expect.stringContaining('nested value') }),
      expect.objectContaining({ row: 8, column: 'name', value: '{…}', message: expect.stringContaining('nested value') }),
    ]);
  });

  it('100,000 nested arrays in a cell (JSON array and NDJSON): 422 with the record named, over HTTP too', async () => {
    const rs = records(rows).map((r) => JSON.stringify(r));
    const bad = rows - 2;
    const withDeep = rs.map((r, i) => (i === bad ? r.replace(/"address":"[^"]*"/, `"address":${deep(100_000)}`) : r));
    const array = file(`[${withDeep.join(',')}]`, 'json');
    const res = await upload(array, 'deep.json');
    expect(res).toMatchObject({ status: 422, type: expect.stringContaining('application/problem+json'), body: { code: 'invalid_file' } });
    const e = await refused(array);
    expect(e).toMatchObject({ status: 422, code: 'invalid_file', message: expect.stringContaining(`Record ${bad + 1} is nested more than`) });
    const nd = file(withDeep.join('\n'), 'ndjson');
    expect(await refused(nd)).toMatchObject({ status: 422, code: 'invalid_file', message: expect.stringContaining(`Line ${bad + 1} is nested more than`) });
  });

  it('a document that is nothing but nesting: 422 with a clear message', async () => {
    const p = file(deep(where === 'in the worker' ? 600_000 : 200_000), 'json');
    const e = await refused(p);
    expect(e).toMatchObject({ status: 422, code: 'invalid_file', message: expect.stringContaining('nested more than') });
    const res = await upload(p, 'deep.json');
    expect(res.status).toBe(422);
  });
});

describe('XLSX is read in the worker, within limits', () => {
  /** Peak RSS growth of this process (the server's, worker threads included) while `run` runs. */
  async function peakRssGrowth<T>(run: () => Promise<T>): Promise<{ result: T; mb: number }> {
    const before = process.memoryUsage().rss;
    let peak = before;
    const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 5);
    try {
      const result = await run();
      return { result, mb: (Math.max(peak, process.memoryUsage().rss) - before) / 1048576 };
    } finally {
      clearInterval(timer);
    }
  }

  it('a 400 MB shared string in a small file: 422 file_too_complex, and memory does not jump', async () => {
    const p = path.join(tmp, 'bomb.xlsx');
    await writeXlsx(p, { 'xl/worksheets/sheet1.xml': plainSheet, 'xl/sharedStrings.xml': sharedStrings(() => (function* () { yield '<si><t>'; yield* repeated('a'.repeat(1 << 20), 400); yield '</t></si>'; })()) });
    expect(fs.statSync(p).size).toBeLessThan(1 << 20);
    const { result: e, mb } = await peakRssGrowth(() => refused(p));
    expect(mb).toBeLessThan(100);
    expect(e).toMatchObject({ status: 422, code: 'file_too_complex', message: expect.stringContaining('shared strings') });
    const res = await upload(p, 'bomb.xlsx');
    expect(res).toMatchObject({ status: 422, body: { code: 'file_too_complex' } });
  });

  it('an archive that lies about its inflated size is counted while inflating, and refused', async () => {
    const p = path.join(tmp, 'liar.xlsx');
    await writeXlsx(p, { 'xl/worksheets/sheet1.xml': plainSheet, 'xl/sharedStrings.xml': sharedStrings(() => (function* () { for (let i = 0; i < 200; i++) yield `<si><t>${'b'.repeat(1 << 19)}</t></si>`; })()) });
    lieAboutSize(p, 'xl/sharedStrings.xml', 4096);
    const { result: e, mb } = await peakRssGrowth(() => refused(p));
    expect(mb).toBeLessThan(100);
    expect(e).toMatchObject({ status: 422, code: 'file_too_complex' });
  });

  it('one inline cell far beyond Excel\'s 32,767 characters: 422 file_too_complex', async () => {
    const p = path.join(tmp, 'inline.xlsx');
    await writeXlsx(p, { 'xl/worksheets/sheet1.xml': sheetWith(() => repeated('c'.repeat(1 << 16), 160)), 'xl/sharedStrings.xml': sharedStrings(() => ['<si><t>id</t></si>']) });
    const e = await refused(p);
    expect(e).toMatchObject({ status: 422, code: 'file_too_complex', message: expect.stringContaining('32,767') });
  });

  it('a worker that dies of its memory limit gives 422 file_too_complex and is replaced; a normal XLSX then publishes', async () => {
    // Within the size limits (60 MB of shared strings, padded to a ratio under 100), but every tiny rich-text
    // string becomes three objects in exceljs: far more heap than the worker has.
    const p = path.join(tmp, 'runs.xlsx');
    await writeXlsx(p, {
      'xl/worksheets/sheet1.xml': plainSheet,
      'xl/media/pad.bin': randomBytes(700 << 10),
      'xl/sharedStrings.xml': sharedStrings(() => repeated('<si><r><t>x</t></r></si>'.repeat(1000), 2500)),
    });
    const e = await refused(p);
    expect(e).toMatchObject({ status: 422, code: 'file_too_complex', message: expect.stringMatching(/needed more than the \d+ MB/) });

    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('企业');
    sheet.addRow(companyFields.map((f) => f.label_zh));
    for (const l of lines(50).slice(1)) {
      const c = l.split(',');
      sheet.addRow([Number(c[0]), c[1], c[2], c[3]!.replace(/"/g, ''), Number(c[4]), Number(c[5]), c[6], c[7], c[8] === 'true', Number(c[9])]);
    }
    const good = path.join(tmp, 'good.xlsx');
    await wb.xlsx.writeFile(good);
    const before = await versions();
    const v = await publish(good);
    expect(v).toMatchObject({ rowCount: 50, format: 'xlsx' });
    expect(await versions()).toBe(before + 1);
  });
});
