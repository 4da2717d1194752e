import type { CsvOptions } from '../../lib/csv.js';
import type { FieldSpec } from '../../lib/field-spec.js';
import { csvRows, type Values } from './encoders.js';
import type { ByteSink, ValuesWriter } from './types.js';

/** CSV in the bytes of the portal's one encoder (src/lib/csv.ts), which the records API shares. */
export function csvWriter(options: CsvOptions) {
  return async (schema: FieldSpec[], sink: ByteSink): Promise<ValuesWriter> => {
    const encode = csvRows(schema, options);
    await sink.write(Buffer.from(encode.head()));
    return {
      write: async (batch: Values[]) => { if (batch.length) await sink.write(Buffer.from(encode.rows(batch))); },
      end: async () => {},
    };
  };
}
