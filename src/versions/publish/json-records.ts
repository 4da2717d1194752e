import fs from 'node:fs';
import readline from 'node:readline';
import type { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { ApiError } from '../../lib/errors.js';

/**
 * A row is an object of single values; a cell holding an array or object is refused by validation
 * with its row and column. Deeper than this, a record is not worth building at all (100,000 nested
 * arrays cost memory to parse and overflow the stack of anything that walks them).
 */
export const maxJsonDepth = 32;
/** A record (or NDJSON line) longer than this is not a table row either. */
export const maxRecordChars = 8 << 20;

const invalid = (detail: string) => new ApiError(422, 'invalid_file', detail);
const tooDeep = (what: string) => invalid(`${what} is nested more than ${maxJsonDepth} levels deep: a JSON upload is an array of flat objects, one per row.`);
const tooLong = (what: string) => invalid(`${what} is longer than ${maxRecordChars >> 20} MB: a JSON upload is an array of flat objects, one per row.`);

/** The file as text; `close` stops reading it when the caller stops early. */
function textOf(path: string, encoding: string): { text: Readable; close: () => void } {
  const raw = fs.createReadStream(path, { highWaterMark: 1 << 18 });
  return { text: raw.pipe(iconv.decodeStream(encoding, { stripBOM: true })) as unknown as Readable, close: () => raw.destroy() };
}

const isSpace = (c: number) => c === 32 || c === 10 || c === 13 || c === 9;

/** The index just after the string whose opening quote is at `open`, or -1 if `text` ends inside it. */
function stringEnd(text: string, open: number): number {
  for (let q = text.indexOf('"', open + 1); q >= 0; q = text.indexOf('"', q + 1)) {
    let b = q - 1;
    while (text.charCodeAt(b) === 92) b--;
    if ((q - 1 - b) % 2 === 0) return q + 1;
  }
  return -1;
}

/** Whether brackets outside strings nest deeper than `limit` (exact only when that is cheap to rule out). */
function nestsDeeperThan(text: string, limit: number): boolean {
  let opens = 0;
  for (let i = text.indexOf('['); i >= 0 && opens <= limit; i = text.indexOf('[', i + 1)) opens++;
  for (let i = text.indexOf('{'); i >= 0 && opens <= limit; i = text.indexOf('{', i + 1)) opens++;
  if (opens <= limit) return false;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      const end = stringEnd(text, i);
      if (end < 0) return false;
      i = end - 1;
    } else if (c === 91 || c === 123) {
      if (++depth > limit) return true;
    } else if (c === 93 || c === 125) depth--;
  }
  return false;
}

/**
 * The elements of a top-level JSON array, parsed one at a time as the file streams by (the whole
 * document is never held, and an element nested too deeply is refused before it is built).
 */
export async function* jsonArrayRecords(path: string, encoding: string): AsyncIterable<unknown> {
  const { text: input, close } = textOf(path, encoding);
  const notArray = () => invalid('A JSON upload must be an array of objects.');
  let buf = '';
  let pos = 0;
  let start = -1; // where the current element begins in buf, -1 between elements
  let depth = 0; // 0 outside the array, 1 between its elements, 2+ inside an element
  let closed = false;
  let afterComma = false;
  let n = 0;
  const parse = (text: string) => {
    n++;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw invalid(`Record ${n} is not valid JSON.`);
    }
  };
  try {
    for await (const chunk of input as AsyncIterable<string>) {
      const keep = start >= 0 ? start : pos;
      buf = buf.slice(keep) + chunk;
      pos -= keep;
      if (start >= 0) start = 0;
      while (pos < buf.length) {
        const c = buf.charCodeAt(pos);
        if (c === 34) {
          if (depth === 0) throw notArray();
          if (start < 0) start = pos;
          const end = stringEnd(buf, pos);
          if (end < 0) break; // the string goes on in the next chunk: scan it again from its quote
          pos = end;
          continue;
        }
        if (c === 91 || c === 123) {
          if (depth === 0) {
            if (c !== 91 || closed) throw closed ? invalid('The file goes on after its JSON array.') : notArray();
            depth = 1;
          } else {
            if (start < 0) start = pos;
            if (++depth > maxJsonDepth + 1) throw tooDeep(`Record ${n + 1}`);
          }
        } else if (c === 93 || c === 125) {
          if (depth === 0) throw invalid('The file is not valid JSON.');
          if (depth === 1) {
            if (c !== 93 || (start < 0 && afterComma)) throw invalid(`The file is not valid JSON (after record ${n}).`);
            if (start >= 0) yield parse(buf.slice(start, pos));
            start = -1;
            closed = true;
          }
          depth--;
        } else if (c === 44 && depth === 1) {
          if (start < 0) throw invalid(`The file is not valid JSON (after record ${n}).`);
          yield parse(buf.slice(start, pos));
          start = -1;
          afterComma = true;
        } else if (!isSpace(c)) {
          if (depth === 0) throw closed ? invalid('The file goes on after its JSON array.') : notArray();
          if (start < 0) start = pos;
        }
        pos++;
      }
      if (start >= 0 && buf.length - start > maxRecordChars) throw tooLong(`Record ${n + 1}`);
    }
  } finally {
    close();
  }
  if (!closed) throw invalid('The file is not valid JSON: it ends inside its array.');
}

/** One JSON value per line; blank lines are skipped, and a line is refused before parsing when it nests too deeply. */
export async function* ndjsonRecords(path: string, encoding: string): AsyncIterable<unknown> {
  const { text: input, close } = textOf(path, encoding);
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  try {
    for await (const text of lines) {
      n++;
      if (!text.trim()) continue;
      if (text.length > maxRecordChars) throw tooLong(`Line ${n}`);
      if (nestsDeeperThan(text, maxJsonDepth)) throw tooDeep(`Line ${n}`);
      try {
        yield JSON.parse(text);
      } catch {
        throw invalid(`Line ${n} is not valid JSON.`);
      }
    }
  } finally {
    lines.close();
    close();
  }
}
