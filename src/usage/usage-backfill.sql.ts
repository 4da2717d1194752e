import type Database from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import type { SqliteDb } from '../db/client.js';
import { execute, isPg, rowsOf, type AnyDb, type PgDb } from '../db/engine.js';
import { inTransaction } from '../db/transaction.js';
import { countedSql } from './usage.rules.js';

// Every event written since migration 0005 has its unique consumer, so the oldest event tells (by id, at once).
const needsBackfillSql = 'SELECT unique_consumer IS NULL AS missing FROM usage_events ORDER BY id LIMIT 1';
const needsBackfill = (sqlite: Database.Database) => sqlite.prepare(needsBackfillSql).pluck().get() === 1;

// The consumers' first counted uses of a dataset and kind on a day, among events without a unique consumer, with the
// consumer department of that first use (read back by its id: PostgreSQL has no bare columns beside MIN); those
// usage_unique holds already are then dropped. `first_uses`, a temporary table of the transaction.
const firstUses = `SELECT f.day, f.dataset_pk, f.kind, f.consumer, COALESCE(e.consumer_department_id, '') AS department, f.id
    FROM (SELECT substr(ts, 1, 10) AS day, dataset_pk, kind, consumer_hash AS consumer, MIN(id) AS id
            FROM usage_events WHERE unique_consumer IS NULL AND ${countedSql} GROUP BY 1, 2, 3, 4) AS f
    JOIN usage_events e ON e.id = f.id`;
const dropKnown = (table: string) => `DELETE FROM ${table} WHERE EXISTS (
    SELECT 1 FROM usage_unique u WHERE u.day = ${table}.day AND u.dataset_pk = ${table}.dataset_pk AND u.kind = ${table}.kind AND u.consumer = ${table}.consumer)`;
const insertUniques = (table: string) => `INSERT INTO usage_unique (day, dataset_pk, kind, consumer) SELECT day, dataset_pk, kind, consumer FROM ${table}`;
const addUniques = (table: string) => `UPDATE usage_daily SET uniques = usage_daily.uniques + f.n
    FROM (SELECT day, dataset_pk, kind, department, COUNT(*) AS n FROM ${table} GROUP BY 1, 2, 3, 4) AS f
   WHERE usage_daily.day = f.day AND usage_daily.dataset_pk = f.dataset_pk AND usage_daily.kind = f.kind AND usage_daily.consumer_department_id = f.department`;
const setUniqueConsumers = 'UPDATE usage_events SET unique_consumer = consumer_hash WHERE unique_consumer IS NULL';

/**
 * Events recorded before the unique figures existed have no unique_consumer. Once (the first start after
 * the upgrade), in one transaction, each gets its consumer_hash as unique consumer (for anonymous events
 * the hash of address + User-Agent: the address alone was never kept), and each consumer's first counted
 * use of a dataset and kind on a day adds one to that day's rollup, as the recorder would have. Without
 * this, the unique figures (and so the assessment) would read 0 for everything before the upgrade.
 * Returns the number of events given a unique consumer.
 */
export async function backfillUniqueConsumers(db: AnyDb): Promise<number> {
  if (isPg(db)) return backfillOnPg(db);
  const sqlite = (db as SqliteDb).$client;
  if (!needsBackfill(sqlite)) return 0;
  const run = sqlite.transaction(() => {
    if (!needsBackfill(sqlite)) return 0; // another process did it while this one waited for the lock
    sqlite.exec(`CREATE TEMP TABLE first_uses AS ${firstUses};
      ${dropKnown('temp.first_uses')};
      ${insertUniques('temp.first_uses')};
      ${addUniques('temp.first_uses')};
      DROP TABLE temp.first_uses;`);
    return sqlite.prepare(setUniqueConsumers).run().changes;
  });
  return run.immediate();
}

async function backfillOnPg(db: PgDb): Promise<number> {
  const missing = async (tx: PgDb) => (await rowsOf<{ missing: boolean }>(tx, sql.raw(needsBackfillSql)))[0]?.missing === true;
  if (!(await missing(db))) return 0;
  return await inTransaction(db, async (tx) => {
    // The usage writers' lock (usage-pg-writer.store.ts): no node writes events meanwhile, and a second node starting
    // at the same time finds the work done once it gets the lock.
    await execute(tx, sql`LOCK TABLE usage_events IN SHARE ROW EXCLUSIVE MODE`);
    if (!(await missing(tx))) return 0;
    await execute(tx, sql.raw(`CREATE TEMP TABLE first_uses ON COMMIT DROP AS ${firstUses}`));
    for (const statement of [dropKnown('first_uses'), insertUniques('first_uses'), addUniques('first_uses')]) await execute(tx, sql.raw(statement));
    return await execute(tx, sql.raw(setUniqueConsumers));
  });
}
