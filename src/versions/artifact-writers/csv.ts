import { csvEncoder, type CsvOptions } from '../../lib/csv.js';
import type { FieldSpec } from '../../lib/field-spec.js';
import { utf8Chunks, writeAll, type Values } from './encoders.js';
import type { ByteSink, ValuesWriter } from './types.js';

/** CSV by the portal's one encoder (src/lib/csv.ts), which the records API shares: the same rows, the same bytes. */
export function csvWriter(options: CsvOptions) {
  return async (schema: FieldSpec[], sink: ByteSink): Promise<ValuesWriter> => {
    const encode = csvEncoder(schema.map((f) => f.name), options);
    const out = utf8Chunks();
    await sink.write(Buffer.from(encode.head()));
    return {
      async write(batch: Values[]) {
        for (const r of batch) out.add(encode.line(r));
        await writeAll(sink, out.take());
      },
      end: async () => {},
    };
  };
}
