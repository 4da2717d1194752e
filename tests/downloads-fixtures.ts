import fs from 'node:fs';
import { gunzipSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { createTestApp } from './helpers.js';
import { rowsTableName, type Row } from '../src/versions/rows/rows-table.js';
import type { FieldSpec } from '../src/lib/field-spec.js';
import { allRows, queryRows } from './support/db-query.js';

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;

export type SeededVersion = { datasetId: string; pk: number; n: number; openType: string; title: string; schema: FieldSpec[]; status: string };

export async function seededVersions(t: TestApp): Promise<SeededVersion[]> {
  return (
    await queryRows(
      t.db,
      `SELECT d.id AS "datasetId", d.pk, v.n, d.open_type AS "openType", d.title_zh AS title, v.schema, v.status
         FROM versions v JOIN datasets d ON d.pk = v.dataset_pk ORDER BY d.pk, v.n`,
    )
  ).map((r) => {
      const row = r as Omit<SeededVersion, 'schema'> & { schema: string };
      return { ...row, schema: JSON.parse(row.schema) as FieldSpec[] };
    });
}

export const tableRows = async (t: TestApp, v: SeededVersion): Promise<Row[]> => await allRows(t.db, rowsTableName(v.pk, v.n), v.schema);

/** How a typed value reads back from a CSV cell. */
export const csvText = (value: Row[string]): string => (value === null ? '' : String(value));

export function parseCsv(text: string): { header: string[]; records: string[][] } {
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: true });
  if (parsed.errors.length) throw new Error(`CSV parse errors: ${JSON.stringify(parsed.errors.slice(0, 3))}`);
  const [header = [], ...records] = parsed.data;
  return { header, records };
}

/** The rule the spreadsheet CSV promises (written out here, not imported, so the test checks the writer). */
const neutraliseFormula = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);

export const expectedCsvRecords = (rows: Row[], schema: FieldSpec[], spreadsheet: boolean) =>
  rows.map((r) => schema.map((f) => (spreadsheet && typeof r[f.name] === 'string' ? neutraliseFormula(r[f.name] as string) : csvText(r[f.name]!))));

/** Reads an XLSX back into typed rows: dates back to their ISO text, empty cells to null. */
export async function readXlsx(buffer: Buffer, schema: FieldSpec[]): Promise<{ header: unknown[]; rows: Row[] }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  // The data sheet: `data` in workbooks built before issue 16, 数据 (with the Chinese labels as header) since.
  const sheet = wb.getWorksheet('data') ?? wb.getWorksheet('数据');
  if (!sheet) throw new Error('no sheet named data or 数据');
  const header: unknown[] = [];
  const rows: Row[] = [];
  sheet.eachRow({ includeEmpty: true }, (row, i) => {
    const cells = schema.map((_, k) => row.getCell(k + 1).value);
    if (i === 1) return void header.push(...cells);
    rows.push(Object.fromEntries(schema.map((f, k) => [f.name, fromCell(f, cells[k])])));
  });
  return { header, rows };
}

function fromCell(field: FieldSpec, value: unknown): Row[string] {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return field.type === 'date' ? value.toISOString().slice(0, 10) : value.toISOString().replace('.000Z', 'Z');
  return value as Row[string];
}

export const readStored = (file: string) => fs.readFileSync(file);
export const gunzip = (buf: Buffer) => gunzipSync(buf);
