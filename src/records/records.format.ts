import { csvEncoder } from '../lib/csv.js';
import { labelledCsvHead } from '../lib/csv-labels.js';
import type { FieldSpec } from '../lib/field-spec.js';
import type { Row } from '../versions/rows/index.js';
import type { RecordsFormat } from './records.query.js';

export const contentTypes: Record<RecordsFormat, string> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8; header=present',
  ndjson: 'application/x-ndjson; charset=utf-8',
};

/**
 * Encodes rows chunk by chunk into one complete body: NDJSON, or CSV with the encoder the downloads
 * use (src/lib/csv.ts). Values stay exact, except with `bom=1`, the Excel variant, which
 * neutralises formulas exactly as `data.csv?bom=1` does: a spreadsheet would run them.
 */
export function chunkEncoder(format: 'csv' | 'ndjson', fields: FieldSpec[], bom: boolean) {
  if (format === 'ndjson') return { head: () => '', rows: (rows: Row[]) => rows.map((r) => `${JSON.stringify(r)}\n`).join('') };
  const csv = csvEncoder(fields.map((f) => f.name), { spreadsheet: bom });
  // The Excel variant's header is the Chinese labels, as in data.csv?bom=1 of versions published from issue 16 on.
  return bom ? { ...csv, head: () => labelledCsvHead(fields) } : csv;
}
