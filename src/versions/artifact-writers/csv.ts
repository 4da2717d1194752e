import { Readable } from 'node:stream';
import { csvEncoder, type CsvOptions } from '../../lib/csv.js';
import type { FieldSpec } from '../../lib/field-spec.js';
import type { RowBatches } from './types.js';

/** Streams rows as CSV with the portal's one encoder (src/lib/csv.ts), which the records API shares. */
export function csvWriter(options: CsvOptions) {
  return (batches: RowBatches, schema: FieldSpec[]): Readable => Readable.from(csvChunks(batches, schema, options));
}

async function* csvChunks(batches: RowBatches, schema: FieldSpec[], options: CsvOptions): AsyncGenerator<string> {
  const encoder = csvEncoder(schema.map((f) => f.name), options);
  yield encoder.head();
  for await (const batch of batches) yield encoder.rows(batch);
}
