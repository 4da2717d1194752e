import { neutraliseFormula, quoteCsv, type CsvOptions } from '../../lib/csv.js';
import type { FieldSpec } from '../../lib/field-spec.js';
import type { RowValue } from '../../records/rows-table.js';

/** A row as its values in schema order (booleans as true/false): what the table readers hand the writers. */
export type Values = RowValue[];

/**
 * Text encoders over value arrays. They give the bytes of the portal's CSV encoder (src/lib/csv.ts, shared
 * with the records API) and of `JSON.stringify` of a row object with keys in schema order, written out per
 * column so a million rows take a fraction of the time: tests/publish-artifacts.test.ts holds them to that.
 */
export function csvRows(schema: FieldSpec[], { spreadsheet }: CsvOptions) {
  const text = spreadsheet ? (v: string) => quoteCsv(neutraliseFormula(v)) : quoteCsv;
  const cell = (v: RowValue | undefined) => (v === null || v === undefined ? '' : typeof v === 'string' ? text(v) : `${v}`);
  const width = schema.length;
  return {
    head: () => `${spreadsheet ? '\uFEFF' : ''}${schema.map((f) => quoteCsv(f.name)).join(',')}\r\n`,
    rows(batch: Values[]): string {
      let out = '';
      for (const r of batch) {
        let line = cell(r[0]);
        for (let i = 1; i < width; i++) line += `,${cell(r[i])}`;
        out += `${line}\r\n`;
      }
      return out;
    },
  };
}

const jsonValue = (v: RowValue | undefined) =>
  v === null || v === undefined ? 'null' : typeof v === 'string' ? JSON.stringify(v) : typeof v === 'number' ? (Number.isFinite(v) ? `${v}` : 'null') : v ? 'true' : 'false';

/** One JSON object per row, keys in schema order: `JSON.stringify` of the decoded row, without building it. */
export function jsonLines(schema: FieldSpec[]): (batch: Values[]) => string[] {
  const keys = schema.map((f, i) => `${i ? ',' : '{'}${JSON.stringify(f.name)}:`);
  const width = schema.length;
  return (batch) => {
    const lines = new Array<string>(batch.length);
    for (let j = 0; j < batch.length; j++) {
      const r = batch[j]!;
      let line = '';
      for (let i = 0; i < width; i++) line += keys[i] + jsonValue(r[i]);
      lines[j] = `${line}}`;
    }
    return lines;
  };
}
