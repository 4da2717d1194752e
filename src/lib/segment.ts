import type { Jieba } from '@node-rs/jieba';
import { createRequire } from 'node:module';

let loaded: Jieba | null = null;
/**
 * The native addon and its dictionary take ~200 ms of this thread. Not at import (scripts and workers that never
 * segment skip it), but the server loads them before it listens (`loadSegmenter`): loaded at the first search or
 * the first catalog re-index after a publish, they held every request for those 200 ms.
 */
function jieba(): Jieba {
  if (loaded) return loaded;
  // CommonJS packages (the dictionary has no type exports for ESM), so require() keeps this first call synchronous.
  const require = createRequire(import.meta.url);
  const { Jieba: JiebaClass } = require('@node-rs/jieba') as typeof import('@node-rs/jieba');
  const { dict } = require('@node-rs/jieba/dict') as { dict: Uint8Array };
  return (loaded = JiebaClass.withDict(dict));
}
/** Loads the segmenter now (the server, before listening), so no request waits for it later. */
export function loadSegmenter(): void {
  jieba();
}

const cjkRun = /[\p{Script=Han}]+/gu;
const wordRun = /[\p{L}\p{N}]+/gu;
const han = /\p{Script=Han}/u;

function bigrams(run: string): string[] {
  if (run.length < 2) return [run];
  const out: string[] = [];
  for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
  return out;
}

/**
 * Text for an FTS5 column: CJK bigrams in order (so any substring of 2+ characters is a phrase
 * match), then jieba search-mode words (which lift whole-word matches in bm25), then other words lower-cased.
 */
export function segmentForIndex(text: string | null | undefined): string {
  if (!text) return '';
  const parts: string[] = [];
  for (const [run] of text.matchAll(cjkRun)) {
    parts.push(bigrams(run).join(' '));
    parts.push(jieba().cutForSearch(run, true).filter((w) => w.length > 2).join(' '));
  }
  for (const [word] of text.replace(cjkRun, ' ').matchAll(wordRun)) parts.push(word.toLowerCase());
  return parts.filter(Boolean).join(' ');
}

/**
 * An FTS5 MATCH expression for user input, or null when nothing searchable is left.
 * Only quoted terms built from letters and digits reach FTS5, so syntax characters in the input are inert.
 */
export function toMatchQuery(input: string): string | null {
  const terms: string[] = [];
  const text = input.slice(0, 200);
  for (const [run] of text.matchAll(cjkRun)) {
    if (run.length === 1) {
      terms.push(`"${run}"*`);
      continue;
    }
    const phrase = `"${bigrams(run).join(' ')}"`;
    const words = jieba().cut(run, false).filter((w) => w.length > 2 && han.test(w));
    terms.push(words.length ? `(${phrase} OR ${words.map((w) => `"${w}"`).join(' OR ')})` : phrase);
  }
  for (const [word] of text.replace(cjkRun, ' ').matchAll(wordRun)) terms.push(`"${word.toLowerCase()}"*`);
  return terms.length ? terms.slice(0, 16).join(' AND ') : null;
}

/**
 * toMatchQuery's FTS5 MATCH expression as PostgreSQL tsquery text (the catalog's and the versions' search there):
 * `"a b"` (a phrase of bigrams) becomes `'a' <-> 'b'`, `"w"*` the prefix `'w':*`, OR `|` and AND `&`. The quoted
 * words hold letters and digits only, so nothing else of the input reaches the query.
 */
export function matchToTsQuery(match: string): string {
  return match.replace(/"([^"]*)"(\*?)| OR | AND /g, (token: string, words: string | undefined, prefix: string | undefined) => {
    if (token === ' OR ') return ' | ';
    if (token === ' AND ') return ' & ';
    const lexemes = words!.split(' ').map((w) => `'${w}'`);
    if (prefix) return `${lexemes.join(' <-> ')}:*`;
    return lexemes.length > 1 ? `(${lexemes.join(' <-> ')})` : lexemes[0]!;
  });
}
