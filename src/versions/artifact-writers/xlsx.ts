import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { FieldSpec } from '../../lib/field-spec.js';
import type { Row, RowValue } from '../../records/rows-table.js';
import type { RowBatches } from './types.js';

/** Fixed document and zip-entry dates: the workbook's bytes depend only on its rows. */
const FIXED_DATE = new Date('2000-01-01T00:00:00Z');

const ROWS_PER_SLICE = 150;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

const datePattern = /^\d{4}-\d{2}-\d{2}$/;
const dateTimePattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

const numFmt: Partial<Record<FieldSpec['type'], string>> = {
  date: 'yyyy-mm-dd',
  datetime: 'yyyy-mm-dd hh:mm:ss',
  integer: '0',
};

/** Dates become real spreadsheet dates (UTC); anything not in the canonical ISO form stays text. */
function cellValue(field: FieldSpec, value: RowValue | undefined): ExcelJS.CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') {
    if (field.type === 'date' && datePattern.test(value)) return new Date(`${value}T00:00:00Z`);
    if (field.type === 'datetime' && dateTimePattern.test(value)) return new Date(value);
  }
  return value;
}

type ArchiverLike = { _moduleAppend: (source: unknown, data: Record<string, unknown>, callback: unknown) => unknown };

/**
 * exceljs stamps every zip entry with the current time. Archiver reads an entry's date when its queue
 * processes it (a microtask after the constructor, which already queued the theme), so pinning the date
 * at that step, together with the core properties' dates, makes the same rows produce the same bytes.
 */
function pinZipDates(workbook: ExcelJS.stream.xlsx.WorkbookWriter): void {
  const zip = (workbook as unknown as { zip: ArchiverLike }).zip;
  const moduleAppend = zip._moduleAppend.bind(zip);
  zip._moduleAppend = (source, data, callback) => moduleAppend(source, { ...data, date: FIXED_DATE }, callback);
}

/** A real workbook: one sheet `data`, header row of field names (frozen), typed cells. */
export function xlsxWriter(batches: RowBatches, schema: FieldSpec[]): Readable {
  const out = new PassThrough();
  writeWorkbook(out, batches, schema).catch((err: Error) => out.destroy(err));
  return out;
}

async function writeWorkbook(out: PassThrough, batches: RowBatches, schema: FieldSpec[]): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: true });
  pinZipDates(workbook);
  workbook.creator = 'Kaifang';
  workbook.lastModifiedBy = 'Kaifang';
  workbook.created = FIXED_DATE;
  workbook.modified = FIXED_DATE;
  const sheet = workbook.addWorksheet('data', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = schema.map((f) => ({
    key: f.name,
    width: Math.min(40, Math.max(10, f.name.length + 2)),
    style: numFmt[f.type] ? { numFmt: numFmt[f.type] } : {},
  }));
  sheet.addRow(schema.map((f) => f.name)).commit();
  for await (const batch of batches) {
    for (let i = 0; i < batch.length; i++) {
      const row = batch[i] as Row;
      sheet.addRow(schema.map((f) => cellValue(f, row[f.name]))).commit();
      // exceljs spends ~25 µs a row; requests get the event loop every few milliseconds.
      if (i % ROWS_PER_SLICE === ROWS_PER_SLICE - 1) await yieldToEventLoop();
    }
  }
  sheet.commit();
  await workbook.commit();
}
