import type { FieldSpec } from '../../lib/field-spec.js';
import { jsonLines, type Values } from './encoders.js';
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

/** A JSON array of typed objects, one per line, keys in schema order. */
export async function jsonWriter(schema: FieldSpec[], sink: ByteSink): Promise<ValuesWriter> {
  const lines = cachedLines(schema);
  let first = true;
  await sink.write(Buffer.from('['));
  return {
    async write(batch) {
      if (batch.length === 0) return;
      const text = lines(batch).join(',\n');
      await sink.write(Buffer.from(first ? `\n${text}` : `,\n${text}`));
      first = false;
    },
    end: () => sink.write(Buffer.from(first ? ']\n' : '\n]\n')),
  };
}

/** Newline-delimited JSON: one typed object per line. */
export async function ndjsonWriter(schema: FieldSpec[], sink: ByteSink): Promise<ValuesWriter> {
  const lines = cachedLines(schema);
  return {
    async write(batch) {
      if (batch.length) await sink.write(Buffer.from(`${lines(batch).join('\n')}\n`));
    },
    end: async () => {},
  };
}
