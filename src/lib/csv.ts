/*
 * The portal's one CSV writer (DESIGN section 7), for the downloads (`data.csv`, `data.csv?bom=1`, built by the
 * artifact writers) and the records API (`format=csv`): UTF-8, CRLF after the header and after every record,
 * RFC 4180 minimal quoting. The same rows give the same bytes wherever they are written.
 *
 * A loop rather than json2csv, which the records API used before: with our own quoting and formula rules plugged
 * in, all json2csv still did was walk the fields and join the cells, somewhat slower than this loop, and the
 * downloads (read as value arrays, not objects) could not use it at all, so there were two encoders.
 * tests/publish-artifacts.test.ts keeps json2csv, with the options the portal gave it, as the reference these
 * bytes must equal.
 */

export type CsvValue = string | number | boolean | null | undefined;

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

/**
 * `spreadsheet`: the Excel variant (`bom=1`): a UTF-8 BOM, and formulas neutralised. `bom` overrides the BOM alone,
 * for a file meant for spreadsheets whichever way it is asked for (the monthly report).
 */
export type CsvOptions = { spreadsheet: boolean; bom?: boolean };

/**
 * An encoder for the columns `names`, in that order. `line` takes a record as its values in column order
 * (the artifact writers read tables that way); `rows` takes records as objects keyed by column name (the
 * records API) and encodes a batch, so writers can yield to the event loop between batches.
 */
export function csvEncoder(names: readonly string[], { spreadsheet, bom = spreadsheet }: CsvOptions) {
  const text = spreadsheet ? (v: string) => quoteCsv(neutraliseFormula(v)) : quoteCsv;
  const cell = (v: CsvValue) => (v === null || v === undefined ? '' : typeof v === 'string' ? text(v) : `${v}`);
  const width = names.length;
  return {
    /** The BOM (Excel variant) and the header row. */
    head: () => `${bom ? '\uFEFF' : ''}${names.map(quoteCsv).join(',')}\r\n`,
    /** One record, given as its values in column order, with its CRLF. */
    line(values: readonly CsvValue[]): string {
      let line = cell(values[0]);
      for (let i = 1; i < width; i++) line += `,${cell(values[i])}`;
      return `${line}\r\n`;
    },
    /** Records given as objects keyed by column name, each with its CRLF. */
    rows(records: readonly Readonly<Record<string, CsvValue>>[]): string {
      let out = '';
      for (const r of records) {
        let line = cell(r[names[0]!]);
        for (let i = 1; i < width; i++) line += `,${cell(r[names[i]!])}`;
        out += `${line}\r\n`;
      }
      return out;
    },
  };
}
