import { Readable } from 'node:stream';
import { StreamParser } from '@json2csv/plainjs';
import type { FieldSpec } from '../../lib/field-spec.js';
import type { Row } from '../../records/rows-table.js';
import type { RowBatches } from './types.js';

const needsQuotes = /[",\r\n]/;

/** RFC 4180 quoting: only where needed, plus `""` for the empty string so it differs from a missing value. */
export function quoteCsv(value: string): string {
  if (value === '') return '""';
  return needsQuotes.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * Spreadsheets run cells that begin with = + - @ tab or CR as formulas (CSV injection); a leading
 * apostrophe makes them text. Only string cells: typed numbers such as -3 stay numbers.
 */
export const neutraliseFormula = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

export type CsvOptions = { spreadsheet: boolean };

/** Streams rows as CSV (UTF-8, CRLF, header row of field names, every record CRLF-terminated). */
export function csvWriter(options: CsvOptions) {
  return (batches: RowBatches, schema: FieldSpec[]): Readable => Readable.from(csvChunks(batches, schema, options));
}

async function* csvChunks(batches: RowBatches, schema: FieldSpec[], { spreadsheet }: CsvOptions): AsyncGenerator<string> {
  let pending = spreadsheet ? '\uFEFF' : '';
  let failure: Error | null = null;
  const parser = new StreamParser<Row, Row>(
    {
      fields: schema.map((f) => f.name),
      eol: '\r\n',
      includeEmptyRows: true,
      formatters: {
        header: quoteCsv,
        string: spreadsheet ? (v: string) => quoteCsv(neutraliseFormula(v)) : quoteCsv,
      },
    },
    { objectMode: true },
  );
  parser.onData = (chunk) => {
    pending += chunk;
  };
  parser.onError = (err) => {
    failure = err;
  };
  for await (const batch of batches) {
    for (const row of batch) parser.write(row);
    if (failure) throw failure;
    yield pending;
    pending = '';
  }
  parser.end();
  if (failure) throw failure;
  yield `${pending}\r\n`;
}
