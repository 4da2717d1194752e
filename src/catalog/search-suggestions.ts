import type { AppDeps } from '../app-deps.js';
import { memoCatalog } from './catalog.cache.js';
import { selectCatalog, selectThemes } from './catalog.store.js';
import { currentSynonyms } from './search-synonyms.js';

// What a search that found nothing offers instead: did-you-mean words from the catalog's own vocabulary (titles,
// keywords, theme names), nearest to the query, and the popular searches of config/search-synonyms.json.

export type SearchSuggestions = { didYouMean: string[]; popular: string[] };

const han = /\p{Script=Han}/u;

/** Each word once, with how many datasets use it (the tie-breaker: a common word is the likelier meaning). */
async function vocabulary(deps: AppDeps, chinese: boolean): Promise<Map<string, number>> {
  return await memoCatalog(deps, `vocabulary:${chinese ? 'zh' : 'en'}`, async () => {
    const words = new Map<string, number>();
    const add = (w: string) => {
      const word = chinese ? w.trim() : w.trim().toLowerCase();
      if (word.length >= 2 && word.length <= 20) words.set(word, (words.get(word) ?? 0) + 1);
    };
    for (const r of await selectCatalog(deps)) {
      if (chinese) [r.title_zh, ...r.keywords].forEach(add);
      else [...r.keywords_en, ...r.title_en.split(/[^\p{L}\p{N}]+/u)].forEach(add);
    }
    for (const t of await selectThemes(deps.db)) (chinese ? [t.name_zh] : t.name_en.split(/[^\p{L}]+/u)).forEach(add);
    return words;
  });
}

/** Levenshtein distance over code points. */
export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, i) => i);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    for (let j = 1; j <= y.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[y.length]!;
}

const sharedCharacters = (a: string, b: string) => {
  const inB = new Set(b);
  return new Set([...a].filter((ch) => inB.has(ch))).size;
};

/**
 * The vocabulary words nearest to `q`: Chinese by characters in common (at least one, two for longer queries), then
 * edit distance; other words within an edit distance of about a third of their length (wether → weather).
 */
export function nearestWords(q: string, words: Map<string, number>, limit = 5): string[] {
  const query = han.test(q) ? q.replace(/\s+/g, '') : q.trim().toLowerCase();
  if (!query) return [];
  const scored: { word: string; shared: number; distance: number; uses: number }[] = [];
  for (const [word, uses] of words) {
    if (word === query) continue;
    const distance = editDistance(query, word);
    if (han.test(query)) {
      const shared = sharedCharacters(query, word);
      if (shared >= ([...query].length <= 2 ? 1 : 2)) scored.push({ word, shared, distance, uses });
    } else if (distance <= Math.max(1, Math.floor(query.length / 3))) {
      scored.push({ word, shared: 0, distance, uses });
    }
  }
  scored.sort((a, b) => b.shared - a.shared || a.distance - b.distance || b.uses - a.uses || a.word.localeCompare(b.word));
  return scored.slice(0, limit).map((s) => s.word);
}

export async function searchSuggestions(deps: AppDeps, q: string, lang: 'zh' | 'en'): Promise<SearchSuggestions> {
  const chinese = han.test(q);
  const didYouMean = nearestWords(q.slice(0, 50), await vocabulary(deps, chinese));
  const { popular } = await currentSynonyms(deps.caches.catalog.synonyms, (message) => deps.log.error(message));
  return { didYouMean, popular: [...new Set(popular.map((p) => p[lang]))] };
}
