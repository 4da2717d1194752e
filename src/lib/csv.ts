import { Parser } from '@json2csv/plainjs';

export type CsvCell = string | number | boolean | null;
export type CsvRow = Record<string, CsvCell>;

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

/** `spreadsheet`: the Excel variant (`bom=1`): a UTF-8 BOM, and formulas neutralised. */
export type CsvOptions = { spreadsheet: boolean };

/**
 * The portal's one CSV encoder, for downloads (`data.csv`, `data.csv?bom=1`) and the records API
 * (`format=csv`): UTF-8, CRLF after the header and after every record, RFC 4180 minimal quoting.
 * The same rows give the same bytes wherever they are written. Rows are encoded batch by batch, so
 * writers can yield to the event loop between batches.
 */
export function csvEncoder(fields: string[], { spreadsheet }: CsvOptions) {
  const options = {
    fields,
    eol: '\r\n',
    includeEmptyRows: true,
    formatters: { header: quoteCsv, string: spreadsheet ? (v: string) => quoteCsv(neutraliseFormula(v)) : quoteCsv },
  };
  const header = new Parser<CsvRow, CsvRow>({ ...options, header: true });
  const body = new Parser<CsvRow, CsvRow>({ ...options, header: false });
  return {
    /** The BOM (Excel variant) and the header row. */
    head: () => `${spreadsheet ? '\uFEFF' : ''}${header.parse([])}\r\n`,
    rows: (rows: CsvRow[]) => (rows.length ? `${body.parse(rows)}\r\n` : ''),
  };
}
