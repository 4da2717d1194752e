import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { inArray, sql } from 'drizzle-orm';
import { isDbOpen, writeWithoutWaiting, type SqliteDb } from '../db/client.js';
import { builder, isPg, rowsOf, tablesOf, type AnyDb } from '../db/engine.js';
import { inTransaction } from '../db/transaction.js';
import * as sqlite from './search-log.table.js';
import * as pg from './search-log.pg-table.js';

// The search log as written (buffered by search-log.ts, a batch per second) and read (the reviewers' report).

export type LoggedSearch = { id: string; ts: string; query: string; results: number; source: 'web' | 'api'; consumerHash: string };

const tables = (db: AnyDb) => tablesOf(db, { searchLog: sqlite.searchLog }, { searchLog: pg.searchLog });
const chunk = <T>(items: T[], size: number): T[][] => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

async function writeBatch(db: AnyDb, searches: LoggedSearch[], openedIds: string[]): Promise<void> {
  const t = tables(db);
  // Searches first: a result opened in the same second as its search marks the row just inserted.
  for (const rows of chunk(searches, 500)) await builder(db).insert(t.searchLog).values(rows).onConflictDoNothing();
  for (const ids of chunk([...new Set(openedIds)], 500)) await builder(db).update(t.searchLog).set({ opened: 1 }).where(inArray(t.searchLog.id, ids));
}

export type SearchLogWriter = {
  /** `wait` false (the timer): on SQLite, answers false instead of waiting for another connection's write lock. */
  write(searches: LoggedSearch[], openedIds: string[], wait: boolean): Promise<boolean>;
  isOpen(): boolean;
};

export function createSearchLogWriter(db: AnyDb): SearchLogWriter {
  if (isPg(db)) {
    return {
      async write(searches, openedIds) {
        if (searches.length || openedIds.length) await inTransaction(db, (tx) => writeBatch(tx, searches, openedIds));
        return true;
      },
      isOpen: () => true,
    };
  }
  const conn = db as SqliteDb;
  const insert = conn.$client.prepare('INSERT INTO search_log (id, ts, query, results, source, consumer_hash) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING');
  const markOpened = conn.$client.prepare('UPDATE search_log SET opened = 1 WHERE id = ?');
  const writeSlice = conn.$client.transaction((searches: readonly LoggedSearch[], openedIds: readonly string[]) => {
    for (const r of searches) insert.run(r.id, r.ts, r.query, r.results, r.source, r.consumerHash);
    for (const id of openedIds) markOpened.run(id);
  });
  return {
    // A second of searches at a few thousand a second took 35–90 ms as one transaction built by the query builder,
    // on the serving thread: prepared statements, a slice per turn of the event loop, each its own transaction.
    // Searches first: a result opened in the same second as its search marks the row just inserted. A batch cut
    // short (the lock was busy) is written again whole later, harmlessly: ids already there are skipped.
    async write(searches, openedIds, wait) {
      const slices = [...chunk(searches, slice).map((rows) => [rows, []] as const), ...chunk([...new Set(openedIds)], slice).map((ids) => [[], ids] as const)];
      for (const [i, [rows, ids]] of slices.entries()) {
        if (i) await yieldToEventLoop();
        if (!isDbOpen(conn)) return false;
        if (wait) writeSlice(rows, ids);
        else if (!writeWithoutWaiting(conn, () => writeSlice(rows, ids))) return false;
      }
      return true;
    },
    isOpen: () => isDbOpen(conn),
  };
}

/** Rows a turn of the event loop: ~1–2 ms of writing. */
const slice = 250;

/** For tests and the CLI: every logged search of a query, oldest first (no column names anyone). */
export async function selectSearchesOf(db: AnyDb, query: string): Promise<Array<{ id: string; ts: string; query: string; results: number; source: string; consumer_hash: string; opened: number }>> {
  return await rowsOf(db, sql`SELECT id, ts, query, results, source, consumer_hash, opened FROM search_log WHERE query = ${query} ORDER BY ts, id`);
}

export type QueryFigures = { query: string; searches: number; searchers: number; opened: number; results: number; last_ts: string };
export type MonthPoint = { month: string; searches: number; queries: number };

const byteOrder = (db: AnyDb, column: string) => sql.raw(isPg(db) ? `${column} COLLATE "C"` : column);

/**
 * Per query in [from, to): searches, searchers (distinct daily-salted hashes, so each person once per day), web
 * searches that had a result opened, and the result count of the latest search.
 */
const perQuery = sql.raw(`query, COUNT(*) AS searches, COUNT(DISTINCT consumer_hash) AS searchers,
  CAST(COALESCE(SUM(CASE WHEN source = 'web' THEN opened ELSE 0 END), 0) AS bigint) AS opened,
  MAX(ts) AS last_ts`);
const latestResults = sql.raw('(SELECT s2.results FROM search_log s2 WHERE s2.query = s.query ORDER BY s2.ts DESC, s2.id DESC LIMIT 1) AS results');

/** The most searched queries of the range. */
export async function selectTopQueries(db: AnyDb, from: string, to: string, limit: number): Promise<QueryFigures[]> {
  return await rowsOf<QueryFigures>(db, sql`SELECT ${perQuery}, ${latestResults} FROM search_log s
    WHERE ts >= ${from} AND ts < ${to} GROUP BY query ORDER BY COUNT(*) DESC, ${byteOrder(db, 'query')} LIMIT ${limit}`);
}

/** Queries that found nothing in the range (their searches with zero results), most asked first. */
export async function selectZeroResultQueries(db: AnyDb, from: string, to: string, limit: number): Promise<QueryFigures[]> {
  return await rowsOf<QueryFigures>(db, sql`SELECT ${perQuery}, ${latestResults} FROM search_log s
    WHERE ts >= ${from} AND ts < ${to} AND results = 0 GROUP BY query ORDER BY COUNT(*) DESC, ${byteOrder(db, 'query')} LIMIT ${limit}`);
}

/** Zero-result searches and distinct zero-result queries per month (YYYY-MM) of the range. */
export async function selectZeroResultTrend(db: AnyDb, from: string, to: string): Promise<MonthPoint[]> {
  return await rowsOf<MonthPoint>(db, sql`SELECT substr(ts, 1, 7) AS month, COUNT(*) AS searches, COUNT(DISTINCT query) AS queries FROM search_log
    WHERE ts >= ${from} AND ts < ${to} AND results = 0 GROUP BY substr(ts, 1, 7) ORDER BY month`);
}

/** Web searches that found datasets of which nobody opened one, most searched first (API searches cannot say). */
export async function selectUnopenedQueries(db: AnyDb, from: string, to: string, limit: number): Promise<QueryFigures[]> {
  return await rowsOf<QueryFigures>(db, sql`SELECT ${perQuery}, ${latestResults} FROM search_log s
    WHERE ts >= ${from} AND ts < ${to} AND source = 'web' AND results > 0 GROUP BY query HAVING SUM(opened) = 0
    ORDER BY COUNT(*) DESC, ${byteOrder(db, 'query')} LIMIT ${limit}`);
}
