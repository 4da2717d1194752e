import { and, eq, like, lt, sql } from 'drizzle-orm';
import { writeWithoutWaiting, type SqliteDb } from '../db/client.js';
import { builder, isPg, rowsOf, type AnyDb } from '../db/engine.js';
import { keysTables } from './keys.tables.js';

// The api_key_daily_counts table: what the rate limiters of every node have counted of each key's day.

export async function selectDailyCount(db: AnyDb, keyId: string, day: string): Promise<number | undefined> {
  const { apiKeyDailyCounts: t } = keysTables(db);
  return (await builder(db).select({ count: t.count }).from(t).where(and(eq(t.keyId, keyId), eq(t.day, day))).limit(1))[0]?.count;
}

/** Calls a limiter counted since it last saved the key's day. */
export type DailyCountAdded = { keyId: string; day: string; added: number };
export type DailyCount = { keyId: string; day: string; count: number };

// Added to the stored count in the statement itself, never overwritten: nodes sharing the table each add their own calls.
const addToStored = sql.raw('api_key_daily_counts.count + excluded.count');

/**
 * Adds each key's new calls to the stored count of its day, atomically in the database, and answers the stored
 * counts after the addition (every node's calls together). On SQLite, `wait` false gives up at once if another
 * connection holds the write lock (a request must not block the serving thread on it): null then, nothing written.
 * On PostgreSQL it is one statement, which waits without blocking the serving thread.
 */
export async function addDailyCounts(db: AnyDb, counts: DailyCountAdded[], wait: boolean): Promise<DailyCount[] | null> {
  const merged = new Map<string, DailyCountAdded>();
  for (const c of counts) {
    const key = `${c.keyId}\u0000${c.day}`;
    const m = merged.get(key);
    if (m) m.added += c.added;
    else merged.set(key, { ...c });
  }
  // The same order on every node: two nodes' statements lock shared rows in one order and cannot deadlock.
  const rows = [...merged.values()].filter((c) => c.added > 0).sort((a, b) => (a.keyId < b.keyId ? -1 : a.keyId > b.keyId ? 1 : a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  if (!rows.length) return [];
  if (isPg(db)) {
    const values = sql.join(rows.map((c) => sql`(${c.keyId}, ${c.day}, ${c.added})`), sql`, `);
    return await rowsOf<DailyCount>(db, sql`INSERT INTO api_key_daily_counts (key_id, day, count) VALUES ${values}
      ON CONFLICT (key_id, day) DO UPDATE SET count = ${addToStored} RETURNING key_id AS "keyId", day, count`);
  }
  return addOnSqlite(db, rows, wait);
}

function addOnSqlite(db: SqliteDb, rows: DailyCountAdded[], wait: boolean): DailyCount[] | null {
  const { apiKeyDailyCounts: t } = keysTables(db);
  let saved: DailyCount[] = [];
  const save = () => {
    saved = db.transaction((tx) =>
      rows.map((c) => tx.insert(t).values({ keyId: c.keyId, day: c.day, count: c.added })
        .onConflictDoUpdate({ target: [t.keyId, t.day], set: { count: addToStored } })
        .returning({ keyId: t.keyId, day: t.day, count: t.count }).get()));
  };
  if (!wait) return writeWithoutWaiting(db, save) ? saved : null;
  save();
  return saved;
}

/**
 * Deletes the saved counts of anonymous readers (`anon:` ids, one a client address a day) for days before `today`:
 * they limit nothing once their day is over. On SQLite it gives up at once if another connection is writing.
 */
export async function deleteAnonymousDays(db: AnyDb, today: string): Promise<void> {
  const { apiKeyDailyCounts: t } = keysTables(db);
  const stale = and(like(t.keyId, 'anon:%'), lt(t.day, today));
  if (isPg(db)) {
    await builder(db).delete(t).where(stale);
    return;
  }
  writeWithoutWaiting(db, () => db.delete(t).where(stale).run());
}
