import { toMatchQuery } from '../lib/segment.js';
import { expandQuery, type SearchSynonyms } from './search-synonyms.js';

// The catalog search's MATCH expressions (FTS5 syntax; catalog-search-pg.sql.ts turns them into a tsquery), built
// from the user's words and the synonym list. The records API's search keeps lib/segment's plain expression.

const longHanRun = /\p{Script=Han}{3,}/gu;

/** Any of the variants: `(a) OR (b)`, each variant's own terms AND-ed as toMatchQuery makes them. */
function anyOf(variants: string[]): string | null {
  const matches = [...new Set(variants.map(toMatchQuery).filter((m): m is string => !!m))];
  if (matches.length <= 1) return matches[0] ?? null;
  return matches.map((m) => `(${m})`).join(' OR ');
}

/**
 * strict: the query or any synonym variant (公交车 → 公交车 OR 公交). relaxed (for when strict finds nothing, null when
 * it would be the same): every Chinese word of three or more characters shortened to its first two, which the index
 * holds as a prefix of every longer word (充电桩站 → 充电), so a short word always finds what begins with it.
 */
export function catalogMatchQueries(q: string, synonyms: SearchSynonyms): { strict: string | null; relaxed: string | null } {
  const variants = expandQuery(q.slice(0, 200), synonyms);
  const strict = anyOf(variants);
  const shortened = variants.map((v) => v.replace(longHanRun, (run) => run.slice(0, 2)));
  const relaxed = anyOf(shortened);
  return { strict, relaxed: relaxed === strict ? null : relaxed };
}
