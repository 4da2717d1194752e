import type { FieldSpec } from '../../lib/field-spec.js';
import { jsonLines, utf8Chunks, writeAll, type Values } from './encoders.js';
import type { ByteSink, ValuesWriter } from './types.js';

/** JSON and NDJSON built in the same pass share each batch's lines (serialising is most of their cost). */
const linesOf = new WeakMap<Values[], string[]>();
function cachedLines(schema: FieldSpec[]) {
  const encode = jsonLines(schema);
  return (batch: Values[]) => {
    let lines = linesOf.get(batch);
    if (!lines) linesOf.set(batch, (lines = encode(batch)));
    return lines;
  };
}

/** A JSON array of typed objects, one per line, keys in schema order: `[`, `\n{…},\n{…}`, `\n]\n` (`[]\n` when empty). */
export async function jsonWriter(schema: FieldSpec[], sink: ByteSink): Promise<ValuesWriter> {
  const lines = cachedLines(schema);
  const out = utf8Chunks();
  let first = true;
  await sink.write(Buffer.from('['));
  return {
    async write(batch) {
      for (const line of lines(batch)) {
        out.add(first ? '\n' : ',\n');
        out.add(line);
        first = false;
      }
      await writeAll(sink, out.take());
    },
    end: () => sink.write(Buffer.from(first ? ']\n' : '\n]\n')),
  };
}

/** Newline-delimited JSON: one typed object per line. */
export async function ndjsonWriter(schema: FieldSpec[], sink: ByteSink): Promise<ValuesWriter> {
  const lines = cachedLines(schema);
  const out = utf8Chunks();
  return {
    async write(batch) {
      for (const line of lines(batch)) {
        out.add(line);
        out.add('\n');
      }
      await writeAll(sink, out.take());
    },
    end: async () => {},
  };
}
