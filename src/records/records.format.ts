import { Parser } from '@json2csv/plainjs';
import type { FieldSpec } from '../lib/field-spec.js';
import type { Row } from './rows-table.js';
import type { RecordsFormat } from './records.query.js';

export const contentTypes: Record<RecordsFormat, string> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8; header=present',
  ndjson: 'application/x-ndjson; charset=utf-8',
};

/**
 * Encodes rows chunk by chunk into one complete body: CSV (RFC 4180, `\r\n`, header row first,
 * optional BOM for Excel) or NDJSON. Values stay exact: this is an API for programs, so no
 * spreadsheet formula neutralising here (the downloads for people do that).
 */
export function chunkEncoder(format: 'csv' | 'ndjson', fields: FieldSpec[], bom: boolean) {
  if (format === 'ndjson') return { head: () => '', rows: (rows: Row[]) => rows.map((r) => `${JSON.stringify(r)}\n`).join('') };
  const names = fields.map((f) => f.name);
  const body = new Parser<Row, Row>({ fields: names, header: false, eol: '\r\n', defaultValue: '' });
  const header = new Parser<Row, Row>({ fields: names, header: true, eol: '\r\n', withBOM: bom });
  return {
    head: () => `${header.parse([])}\r\n`,
    rows: (rows: Row[]) => (rows.length ? `${body.parse(rows)}\r\n` : ''),
  };
}
