import { Readable } from 'node:stream';
import type { FieldSpec } from '../../lib/field-spec.js';
import type { RowBatches } from './types.js';

/** A JSON array of typed objects, one per line, keys in schema order. */
export const jsonWriter = (batches: RowBatches, _schema: FieldSpec[]): Readable => Readable.from(jsonChunks(batches));

async function* jsonChunks(batches: RowBatches): AsyncGenerator<string> {
  let first = true;
  yield '[';
  for await (const batch of batches) {
    if (batch.length === 0) continue;
    const lines = batch.map((row) => JSON.stringify(row)).join(',\n');
    yield first ? `\n${lines}` : `,\n${lines}`;
    first = false;
  }
  yield first ? ']\n' : '\n]\n';
}

/** Newline-delimited JSON: one typed object per line. */
export const ndjsonWriter = (batches: RowBatches, _schema: FieldSpec[]): Readable => Readable.from(ndjsonChunks(batches));

async function* ndjsonChunks(batches: RowBatches): AsyncGenerator<string> {
  for await (const batch of batches) {
    if (batch.length === 0) continue;
    yield `${batch.map((row) => JSON.stringify(row)).join('\n')}\n`;
  }
}
