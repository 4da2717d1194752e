import type Database from 'better-sqlite3';
import type { Db } from '../db/client.js';
import { countedSql } from './usage.rules.js';

const needsBackfill = (sqlite: Database.Database) =>
  // Every event written since migration 0005 has its unique consumer, so the oldest event tells (by rowid, at once).
  sqlite.prepare('SELECT unique_consumer IS NULL FROM usage_events ORDER BY id LIMIT 1').pluck().get() === 1;

/**
 * Events recorded before the unique figures existed have no unique_consumer. Once (the first start after
 * the upgrade), in one transaction, each gets its consumer_hash as unique consumer (for anonymous events
 * the hash of address + User-Agent: the address alone was never kept), and each consumer's first counted
 * use of a dataset and kind on a day adds one to that day's rollup, as the recorder would have. Without
 * this, the unique figures (and so the assessment) would read 0 for everything before the upgrade.
 * Returns the number of events given a unique consumer.
 */
export async function backfillUniqueConsumers(db: Db): Promise<number> {
  const sqlite = db.$client;
  if (!needsBackfill(sqlite)) return 0;
  const run = sqlite.transaction(() => {
    if (!needsBackfill(sqlite)) return 0; // another process did it while this one waited for the lock
    sqlite.exec(`
      CREATE TEMP TABLE first_uses AS
        SELECT substr(ts, 1, 10) AS day, dataset_pk, kind, consumer_hash AS consumer, COALESCE(consumer_department_id, '') AS department, MIN(id) AS id
          FROM usage_events WHERE unique_consumer IS NULL AND ${countedSql} GROUP BY 1, 2, 3, 4;
      DELETE FROM temp.first_uses WHERE EXISTS (
        SELECT 1 FROM usage_unique u WHERE u.day = first_uses.day AND u.dataset_pk = first_uses.dataset_pk AND u.kind = first_uses.kind AND u.consumer = first_uses.consumer);
      INSERT INTO usage_unique (day, dataset_pk, kind, consumer) SELECT day, dataset_pk, kind, consumer FROM temp.first_uses;
      UPDATE usage_daily SET uniques = uniques + f.n
        FROM (SELECT day, dataset_pk, kind, department, COUNT(*) AS n FROM temp.first_uses GROUP BY 1, 2, 3, 4) AS f
       WHERE usage_daily.day = f.day AND usage_daily.dataset_pk = f.dataset_pk AND usage_daily.kind = f.kind AND usage_daily.consumer_department_id = f.department;
      DROP TABLE temp.first_uses;`);
    return sqlite.prepare('UPDATE usage_events SET unique_consumer = consumer_hash WHERE unique_consumer IS NULL').run().changes;
  });
  return run.immediate();
}
