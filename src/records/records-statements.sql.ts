import type Database from 'better-sqlite3';
import type { Db, SqliteDb } from '../db/client.js';
import { createLru } from './records.lru.js';
import { isPg } from '../db/engine.js';
import { createPgStatementRunner } from './records-statements.pg.sql.js';

// The records API's own SQL over the per-version rows and full-text tables: page and count queries with a WHERE
// and ORDER BY built per request from the validated schema (drizzle cannot express them), run on the app's connection.

/** A statement as the reader runs it: `get` plucks one value (a count), `all` returns raw rows. */
export type Statement = { sql: string; params: unknown[]; mode: 'get' | 'all' };

/** Runs statements, each prepared once per SQL text (LRU): a request of a known shape prepares nothing. One runner per reader. */
export function createStatementRunner(db: Db): (s: Statement) => Promise<unknown> {
  if (isPg(db)) return createPgStatementRunner(db);
  const sqlite = db.$client;
  // Counts (plucked) and pages (raw rows) never share a SQL text.
  const counts = createLru<string, Database.Statement>(256);
  const pages = createLru<string, Database.Statement>(256);
  return async (s) =>
    s.mode === 'get'
      ? (counts.get(s.sql) ?? counts.set(s.sql, sqlite.prepare(s.sql).pluck())).get(...s.params)
      : (pages.get(s.sql) ?? pages.set(s.sql, sqlite.prepare(s.sql).raw(true))).all(...s.params);
}

/** SQLite's plan for a statement (EXPLAIN QUERY PLAN), one line per step. */
export const explainQueryPlan = (db: SqliteDb, s: Statement): string[] =>
  (db.$client.prepare(`EXPLAIN QUERY PLAN ${s.sql}`).all(...s.params) as { detail: string }[]).map((r) => r.detail);
