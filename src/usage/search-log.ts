import { randomBytes } from 'node:crypto';
import type { AnyDb } from '../db/engine.js';
import { doubleClickWindowMs } from './usage.dedupe.js';
import { createSearchLogWriter, type LoggedSearch } from './search-log.store.js';
import { oneAtATime } from '../lib/one-at-a-time.js';

// Catalog searches as demand evidence (issue 17): the query, what it found, whether a result was opened; never who.

export type SearchInput = { query: string | null | undefined; results: number; source: 'web' | 'api'; ip?: string | null; userAgent?: string | null };

const maxQueryLength = 200;

/** The query as logged and grouped: NFKC (full-width letters and spaces as ASCII), trimmed, lower-cased, whitespace collapsed. */
export function normaliseQuery(q: string | null | undefined): string {
  return (q ?? '').normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ').slice(0, maxQueryLength);
}

/** The dataset page's `from` parameter of a link in a result list: `search-<id>`, the id handed out by search(). */
export const searchFromParam = (id: string) => `search-${id}`;
export const searchIdOf = (from: string | null | undefined): string | null => /^search-([A-Za-z0-9_-]{16})$/.exec(from ?? '')?.[1] ?? null;

type Hashing = {
  /** The usage recorder's daily-salted HMAC of address + User-Agent (anonymous even for signed-in people). */
  anonymousHash: (input: { ip?: string | null; userAgent?: string | null }, day: string) => string;
  isRobot: (userAgent: string | null | undefined) => boolean;
  now: () => Date;
  maxBuffered: number;
};

/**
 * Buffers searches and opened results in memory and writes them a batch at a time (no write on the request path),
 * flushed by the usage recorder's timer. The same person repeating a query within 30 s (a reload, a filter click) is
 * one search: the repeat gets the first one's id, so its opened result still marks it. Robots are not logged.
 */
export function createSearchBuffer(db: AnyDb, hashing: Hashing) {
  const writer = createSearchLogWriter(db);
  let searches: LoggedSearch[] = [];
  let opened: string[] = [];
  const recent = new Map<string, { id: string; until: number }>();

  function search(input: SearchInput): string | null {
    const query = normaliseQuery(input.query);
    if (!query || hashing.isRobot(input.userAgent ?? '')) return null;
    const now = hashing.now();
    const ts = now.toISOString();
    const consumerHash = hashing.anonymousHash({ ip: input.ip, userAgent: input.userAgent }, ts.slice(0, 10));
    const key = `${consumerHash}|${input.source}|${query}`;
    const seen = recent.get(key);
    if (seen && seen.until > now.getTime()) return seen.id;
    if (recent.size >= 10_000) recent.clear(); // a flood of distinct queries forgets early: it can only log a repeat
    const id = randomBytes(12).toString('base64url');
    recent.set(key, { id, until: now.getTime() + doubleClickWindowMs });
    if (searches.length < hashing.maxBuffered) searches.push({ id, ts, query, results: input.results, source: input.source, consumerHash });
    return id;
  }

  function markOpened(from: string | null | undefined): void {
    const id = searchIdOf(from);
    if (id && opened.length < hashing.maxBuffered) opened.push(id);
  }

  // One write at a time: the SQLite write spans turns of the event loop, and a flush must return only once every
  // search before it is written, even when the timer's write had taken the buffer a moment before.
  const flush = oneAtATime<[wait?: boolean]>((wait = true) => writeBuffered(wait));

  async function writeBuffered(wait: boolean): Promise<void> {
    if (!writer.isOpen()) return void ((searches = []), (opened = []));
    const [s, o] = [searches, opened];
    [searches, opened] = [[], []];
    let written = false;
    try {
      written = await writer.write(s, o, wait);
    } finally {
      // Busy or failed: kept for the next tick (ahead of what came in meanwhile).
      if (!written) [searches, opened] = [s.concat(searches), o.concat(opened)];
    }
  }

  return { search, markOpened, flush };
}

export type SearchBuffer = ReturnType<typeof createSearchBuffer>;
