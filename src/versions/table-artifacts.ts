import type { FieldSpec } from '../lib/field-spec.js';
import type { ArtifactInfo } from './versions.table.js';
import { artifactSpecs, type ArtifactKey } from './artifacts.js';
import { valuesWriters } from './artifact-writers/index.js';
import { openArtifactSink } from './artifact-store.js';
import { readValueBatches } from './rows/row-batches.sql.js';
import type { Connection } from './rows/rows-table.sql.js';

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Writes the given artifacts of a rows table in one pass over its rows: each batch read once goes to every
 * writer, each writer streams into its own temp files (identity and gzip), so memory stays flat whatever the
 * row count. `yieldEachBatch`: on the serving thread (small versions), let requests in between batches.
 */
export async function writeTableArtifacts(
  conn: Connection,
  filesDir: string,
  table: string,
  schema: FieldSpec[],
  keys: readonly ArtifactKey[],
  options: { yieldEachBatch?: boolean } = {},
): Promise<Partial<Record<ArtifactKey, ArtifactInfo>>> {
  // A workbook is deflated already: its .gz (kept for clients that ask) is not worth more than the fastest level.
  const sinks = keys.map((key) => openArtifactSink(filesDir, artifactSpecs[key].ext, key === 'xlsx' ? { gzipLevel: 1 } : {}));
  try {
    const writers = await Promise.all(keys.map((key, i) => valuesWriters[key](schema, sinks[i]!)));
    for (const batch of readValueBatches(conn, table, schema)) {
      await Promise.all(writers.map((w) => w.write(batch)));
      if (options.yieldEachBatch) await yieldToEventLoop();
    }
    await Promise.all(writers.map((w) => w.end()));
  } catch (err) {
    await Promise.all(sinks.map((s) => s.abort()));
    throw err;
  }
  const infos = await Promise.all(sinks.map((s) => s.finish()));
  return Object.fromEntries(keys.map((key, i) => [key, infos[i]!]));
}
