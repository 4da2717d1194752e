import iconv from 'iconv-lite';
import { Invalid } from './invalid.js';

/**
 * What an upload's text may hold. Cells are stored as given: the only thing taken off is spaces
 * (U+0020 and the ideographic space U+3000) at either end; a tab, a line break inside a quoted cell
 * or a no-break space is content. Control characters other than tab, CR and LF (C0, DEL, C1) have
 * no place in a cell and are refused, as is U+FFFD, which a decoder leaves where bytes were not
 * text in the file's encoding (a file mixing UTF-8 and GBK rows, or converted badly).
 */
const suspicious = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffd]/;

const isSpace = (c: number) => c === 0x20 || c === 0x3000;

/** Spaces off both ends; the usual cell, with nothing to trim, is returned without a copy. */
export function trimSpaces(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && isSpace(s.charCodeAt(start))) start++;
  while (end > start && isSpace(s.charCodeAt(end - 1))) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

const codePoint = (c: number) => `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;

/** Marks problems of encoding apart, so the refusal can say the file's text is broken (`invalid_encoding`). */
export class EncodingInvalid extends Invalid {}

/** Why a cell's text cannot be stored as given, or null. */
export function textProblem(s: string): Invalid | null {
  const m = suspicious.exec(s);
  if (!m) return null;
  const c = m[0].charCodeAt(0);
  if (c === 0xfffd) return new EncodingInvalid('not_text');
  return new Invalid('control_character', { char: codePoint(c), position: m.index + 1 });
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const ideographs = /[\u4e00-\u9fff][^\u4e00-\u9fff]*[\u4e00-\u9fff]/;
const nonAscii = /[^\u0000-\u007f]/;

/**
 * In a file read as GB18030/GBK, a cell that was really UTF-8 decodes to valid but wrong characters
 * (mojibake) with no U+FFFD when its byte count happens to pair up. Its GB18030 bytes are then valid
 * UTF-8 spelling two or more Chinese characters, which real GBK text almost never is (none of ~35,000
 * samples from this repository's Chinese text); shorter cells are left to the U+FFFD check above.
 */
export function gbkCellWasUtf8(s: string): Invalid | null {
  if (!nonAscii.test(s)) return null;
  let asUtf8: string;
  try {
    asUtf8 = utf8.decode(iconv.encode(s, 'gb18030'));
  } catch {
    return null;
  }
  return ideographs.test(asUtf8) ? new EncodingInvalid('utf8_in_gbk', { reads: asUtf8.slice(0, 20) }) : null;
}

/** What a problem shows of a cell: never a nested structure (it may be too deep to copy or print) nor a huge string. */
export function shownValue(v: unknown): unknown {
  if (typeof v === 'string') return v.length > 200 ? `${v.slice(0, 200)}…` : v;
  if (Array.isArray(v)) return '[…]';
  if (v && typeof v === 'object' && !(v instanceof Date)) return typeof (v as { unknownKey?: unknown }).unknownKey === 'string' ? v : '{…}';
  return v;
}
