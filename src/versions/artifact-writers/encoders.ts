import type { FieldSpec } from '../../lib/field-spec.js';
import type { RowValue } from '../rows/rows-table.js';

/** A row as its values in schema order (booleans as true/false): what the table readers hand the writers. */
export type Values = RowValue[];

/*
 * Text encoders over value arrays (CSV's is the portal's one, src/lib/csv.ts). The JSON one gives the bytes of
 * `JSON.stringify` of a row object with keys in schema order, written out per column so a million rows take a
 * fraction of the time: tests/publish-artifacts.test.ts holds it to that.
 */

const jsonValue = (v: RowValue | undefined) =>
  v === null || v === undefined ? 'null' : typeof v === 'string' ? JSON.stringify(v) : typeof v === 'number' ? (Number.isFinite(v) ? `${v}` : 'null') : v ? 'true' : 'false';

/** One JSON object per row, keys in schema order: `JSON.stringify` of the decoded row, without building it. */
export function jsonLines(schema: FieldSpec[]): (batch: Values[]) => string[] {
  const keys = schema.map((f, i) => `${i ? ',' : '{'}${JSON.stringify(f.name)}:`);
  const width = schema.length;
  return (batch) => {
    const lines = new Array<string>(batch.length);
    for (let j = 0; j < batch.length; j++) {
      const r = batch[j]!;
      let line = '';
      for (let i = 0; i < width; i++) line += keys[i] + jsonValue(r[i]);
      lines[j] = `${line}}`;
    }
    return lines;
  };
}

/**
 * Collects short strings as UTF-8 in large buffers: no batch-sized string is ever built (joining and then
 * encoding those was a quarter of the time, most of it garbage collection).
 */
export function utf8Chunks(size = 1 << 18) {
  let buf = Buffer.allocUnsafe(size);
  let pos = 0;
  const full: Buffer[] = [];
  return {
    add(s: string): void {
      if (pos + s.length * 3 > buf.length) {
        if (pos) full.push(buf.subarray(0, pos));
        buf = Buffer.allocUnsafe(Math.max(size, s.length * 3));
        pos = 0;
      }
      pos += buf.write(s, pos);
    },
    /** The bytes added so far, in order; the collector starts a new buffer. */
    take(): Buffer[] {
      if (pos) {
        full.push(buf.subarray(0, pos));
        buf = Buffer.allocUnsafe(size);
        pos = 0;
      }
      return full.splice(0);
    },
  };
}

export async function writeAll(sink: { write(chunk: Buffer): Promise<void> }, chunks: Buffer[]): Promise<void> {
  for (const c of chunks) await sink.write(c);
}
