import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import type { ArtifactKey } from '../artifacts.js';
import { csvWriter } from './csv.js';
import { jsonWriter, ndjsonWriter } from './json.js';
import { xlsxValuesWriter } from './xlsx.js';
import type { ArtifactWriter, ByteSink, ValuesWriterFactory } from './types.js';

export type { ArtifactWriter, ByteSink, RowBatches, ValuesWriter, ValuesWriterFactory } from './types.js';
export type { Values } from './encoders.js';

/** The writers of a version's artifacts, fed value arrays: several share one pass over a rows table. */
export const valuesWriters: Record<ArtifactKey, ValuesWriterFactory> = {
  csv: csvWriter({ spreadsheet: false }),
  csv_bom: csvWriter({ spreadsheet: true }),
  json: jsonWriter,
  ndjson: ndjsonWriter,
  xlsx: xlsxValuesWriter,
};

/** The same writers as streams of row objects (a delivery's filtered rows): same rows, same bytes. */
function streamed(factory: ValuesWriterFactory): ArtifactWriter {
  return (batches, schema) => {
    const out = new PassThrough();
    const sink: ByteSink = {
      async write(chunk) {
        if (out.destroyed) throw new Error('artifact stream closed');
        if (!out.write(chunk)) await Promise.race([once(out, 'drain'), once(out, 'close')]);
      },
    };
    (async () => {
      const writer = await factory(schema, sink);
      for await (const batch of batches) await writer.write(batch.map((row) => schema.map((f) => row[f.name] ?? null)));
      await writer.end();
      out.end();
    })().catch((err: Error) => out.destroy(err));
    return out;
  };
}

export const artifactWriters: Record<ArtifactKey, ArtifactWriter> = {
  csv: streamed(valuesWriters.csv),
  csv_bom: streamed(valuesWriters.csv_bom),
  json: streamed(valuesWriters.json),
  ndjson: streamed(valuesWriters.ndjson),
  xlsx: streamed(valuesWriters.xlsx),
};
