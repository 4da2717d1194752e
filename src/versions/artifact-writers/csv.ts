import { csvEncoder, type CsvOptions } from '../../lib/csv.js';
import type { FieldSpec } from '../../lib/field-spec.js';
import { utf8Chunks, writeAll, type Values } from './encoders.js';
import type { ByteSink, ValuesWriter } from './types.js';

type Encoder = ReturnType<typeof csvEncoder>;

/**
 * A batch's plain CSV body, kept while the batch lives: the Excel CSV written in the same pass differs from it only
 * in rows with a formula-looking text cell, so it reuses the lines and, for a batch with no such row (nearly every
 * batch), the very bytes. Encoding a million rows twice was ~2 s of a publish.
 */
const plainBodies = new WeakMap<Values[], { lines: string[]; bytes: Buffer[] }>();

function plainBody(encode: Encoder, batch: Values[]) {
  let body = plainBodies.get(batch);
  if (!body) {
    const out = utf8Chunks();
    const lines = batch.map((r) => {
      const line = encode.line(r);
      out.add(line);
      return line;
    });
    plainBodies.set(batch, (body = { lines, bytes: out.take() }));
  }
  return body;
}

// = + - @ tab CR: the first characters src/lib/csv.ts neutralises in the Excel variant.
const formulaStarts = new Set([61, 43, 45, 64, 9, 13]);
const looksLikeFormula = (r: Values) => r.some((v) => typeof v === 'string' && formulaStarts.has(v.charCodeAt(0)));

/**
 * CSV by the portal's one encoder (src/lib/csv.ts), which the records API shares: the same rows, the same bytes.
 * `head`: another first line (the Excel CSV's Chinese labels, src/lib/csv-labels.ts) over the same rows.
 */
export function csvWriter(options: CsvOptions, head?: (schema: FieldSpec[]) => string) {
  return async (schema: FieldSpec[], sink: ByteSink): Promise<ValuesWriter> => {
    const names = schema.map((f) => f.name);
    const encode = csvEncoder(names, options);
    const plain = options.spreadsheet ? csvEncoder(names, { spreadsheet: false }) : encode;
    const out = utf8Chunks();
    await sink.write(Buffer.from(head ? head(schema) : encode.head()));
    return {
      async write(batch: Values[]) {
        const body = plainBody(plain, batch);
        if (!options.spreadsheet) return writeAll(sink, body.bytes);
        const marked = batch.map(looksLikeFormula);
        if (!marked.includes(true)) return writeAll(sink, body.bytes);
        for (let i = 0; i < batch.length; i++) out.add(marked[i] ? encode.line(batch[i]!) : body.lines[i]!);
        await writeAll(sink, out.take());
      },
      end: async () => {},
    };
  };
}
