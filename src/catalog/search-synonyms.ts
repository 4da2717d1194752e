import fs from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

// The catalog search's synonyms and near-words, shipped as data (config/search-synonyms.json) and edited by operators
// while the server runs: each search looks at the file's modification time (one stat) and reads it again when it
// changed, so no restart or reload command is needed. A broken edit keeps the last good list (and is logged once).

export const defaultSynonymsFile = fileURLToPath(new URL('../../config/search-synonyms.json', import.meta.url));

const word = z.string().trim().min(1).max(50);
const fileSchema = z.object({
  description: z.string().optional(),
  /** A query containing the key is also searched with the key replaced by each word. */
  synonyms: z.record(word, z.array(word).max(20)).default({}),
  /** Offered when a search finds nothing: one word for both languages, or a Chinese and an English one. */
  popular: z.array(z.union([word, z.object({ zh: word, en: word })])).max(30).default([]),
});

export type SearchSynonyms = { synonyms: [string, string[]][]; popular: { zh: string; en: string }[] };

/** One app's view of the file (held by its catalog cache): what was read, when, and the last problem reported. */
export type SynonymsHolder = { file: string; stamp: string | null; value: SearchSynonyms; error: string | null };

const empty: SearchSynonyms = { synonyms: [], popular: [] };

export const createSynonymsHolder = (file = defaultSynonymsFile): SynonymsHolder => ({ file, stamp: null, value: empty, error: null });

export function parseSynonyms(text: string): SearchSynonyms {
  const parsed = fileSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  // Longest keys first, so 天气预报 is replaced before 天气 would cut it.
  const synonyms = Object.entries(parsed.data.synonyms)
    .map(([key, words]): [string, string[]] => [key.toLowerCase(), words.filter((w) => w.toLowerCase() !== key.toLowerCase())])
    .sort((a, b) => b[0].length - a[0].length);
  return { synonyms, popular: parsed.data.popular.map((p) => (typeof p === 'string' ? { zh: p, en: p } : p)) };
}

/** The list as the file says now: read again only when its size or modification time changed. */
export async function currentSynonyms(holder: SynonymsHolder, warn: (message: string) => void = () => {}): Promise<SearchSynonyms> {
  let stamp: string;
  try {
    const st = await fs.stat(holder.file);
    stamp = `${st.mtimeMs}:${st.size}`;
  } catch (err) {
    stamp = 'missing';
    if (holder.stamp !== stamp) report(holder, `${holder.file}: ${(err as Error).message}`, warn);
    holder.stamp = stamp;
    return holder.value;
  }
  if (stamp === holder.stamp) return holder.value;
  try {
    holder.value = parseSynonyms(await fs.readFile(holder.file, 'utf8'));
    holder.error = null;
  } catch (err) {
    report(holder, `${holder.file}: ${(err as Error).message} (the previous list stays in use)`, warn);
  }
  holder.stamp = stamp;
  return holder.value;
}

function report(holder: SynonymsHolder, message: string, warn: (message: string) => void) {
  holder.error = message;
  warn(message);
}

const cjk = /\p{Script=Han}/u;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Chinese keys match anywhere (Chinese has no spaces); English keys only as whole words. */
const keyPattern = (key: string, flags: string) => new RegExp(cjk.test(key) ? escape(key) : `(?<![\\p{L}\\p{N}])${escape(key)}(?![\\p{L}\\p{N}])`, flags);
/** Chinese into Chinese joins as typed (公交车站 → 公交站); anything else keeps its words apart. */
const joined = (key: string, word: string) => (cjk.test(key) && cjk.test(word) ? word : ` ${word} `);

/**
 * The query and its variants, each key found replaced by each of its words (the original first; at most `limit`),
 * e.g. 公交车站 → [公交车站, 公交站].
 */
export function expandQuery(q: string, { synonyms }: SearchSynonyms, limit = 8): string[] {
  const variants = [q];
  for (const [key, words] of synonyms) {
    const found = keyPattern(key, 'iu');
    for (const v of [...variants]) {
      if (!found.test(v)) continue;
      for (const w of words) {
        if (variants.length >= limit) return variants;
        const next = v.replace(keyPattern(key, 'giu'), joined(key, w)).replace(/\s+/g, ' ').trim();
        if (!variants.includes(next)) variants.push(next);
      }
    }
  }
  return variants;
}
