import { labelledCsvHead, namedCsvHead } from '../../lib/csv-labels.js';
import type { FieldSpec } from '../../lib/field-spec.js';
import { csvWriter } from './csv.js';
import type { ByteSink, ValuesWriter } from './types.js';

const excelCsv = csvWriter({ spreadsheet: true });

/**
 * A sink that takes the first `expected.length` bytes written to it (whatever the chunks), checks they are
 * `expected`, and passes `replacement` on in their place; everything after goes through untouched.
 */
function replacingHead(sink: ByteSink, expected: Buffer, replacement: Buffer): ByteSink {
  let seen = 0;
  return {
    async write(chunk) {
      if (seen >= expected.length) return sink.write(chunk);
      const take = Math.min(expected.length - seen, chunk.length);
      if (!chunk.subarray(0, take).equals(expected.subarray(seen, seen + take))) throw new Error('the CSV writer wrote an unexpected header');
      seen += take;
      if (seen === expected.length) await sink.write(replacement);
      if (take < chunk.length) await sink.write(chunk.subarray(take));
    },
  };
}

/**
 * The Excel CSV (`csv_bom`) of versions published from issue 16 on: the portal's Excel CSV, rows byte for byte as
 * its one encoder writes them, under a header of the Chinese labels instead of the field names.
 */
export async function labelledExcelCsvWriter(schema: FieldSpec[], sink: ByteSink): Promise<ValuesWriter> {
  return excelCsv(schema, replacingHead(sink, Buffer.from(namedCsvHead(schema)), Buffer.from(labelledCsvHead(schema))));
}
