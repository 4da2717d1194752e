import { and, desc, eq, isNull, max, sql } from 'drizzle-orm';
import type { SqliteDb } from '../db/client.js';
import { builder, isPg, rowsOf, type AnyDb } from '../db/engine.js';
import { inTransaction } from '../db/transaction.js';
import type { ArtifactInfo, versions as sqliteVersions } from './versions.table.js';
import { versionsTables } from './versions.tables.js';

// The versions table, through drizzle's query builder on either engine (the rows tables live in rows/, the publish
// locks in publish-locks.store.ts).

export type NewVersionRow = typeof sqliteVersions.$inferInsert;

const key = (db: AnyDb, datasetPk: number, n: number) => {
  const { versions } = versionsTables(db);
  return and(eq(versions.datasetPk, datasetPk), eq(versions.n, n));
};

export async function insertVersion(db: AnyDb, row: NewVersionRow): Promise<void> {
  await builder(db).insert(versionsTables(db).versions).values(row);
}

export async function getVersion(db: AnyDb, datasetPk: number, n: number) {
  return (await builder(db).select().from(versionsTables(db).versions).where(key(db, datasetPk, n)).limit(1))[0];
}

export async function latestPublished(db: AnyDb, datasetPk: number) {
  const { versions } = versionsTables(db);
  return (await builder(db).select().from(versions).where(and(eq(versions.datasetPk, datasetPk), eq(versions.status, 'published'))).orderBy(desc(versions.n)).limit(1))[0];
}

export async function listVersions(db: AnyDb, datasetPk: number) {
  const { versions } = versionsTables(db);
  return builder(db).select().from(versions).where(eq(versions.datasetPk, datasetPk)).orderBy(desc(versions.n));
}

export async function versionExists(db: AnyDb, datasetPk: number, n: number): Promise<boolean> {
  const { versions } = versionsTables(db);
  return (await builder(db).select({ n: versions.n }).from(versions).where(key(db, datasetPk, n)).limit(1)).length > 0;
}

/**
 * The highest version number of a dataset, published or withdrawn (0 before the first). A publish reads it while
 * it holds the dataset's publish lock (publish-lock.ts), which is what keeps two writers off one number.
 */
export async function highestVersionN(db: AnyDb, datasetPk: number): Promise<number> {
  const { versions } = versionsTables(db);
  return (await builder(db).select({ n: max(versions.n) }).from(versions).where(eq(versions.datasetPk, datasetPk)))[0]?.n ?? 0;
}

/** Every version's key, of every dataset (in key order). */
export async function versionKeys(db: AnyDb): Promise<{ datasetPk: number; n: number }[]> {
  const { versions } = versionsTables(db);
  return builder(db).select({ datasetPk: versions.datasetPk, n: versions.n }).from(versions).orderBy(versions.datasetPk, versions.n);
}

/** What the consistency check compares with the rows tables and the artifact store, for every version (in key order). */
export async function versionRecords(db: AnyDb) {
  const { versions } = versionsTables(db);
  return builder(db).select({
    datasetPk: versions.datasetPk, n: versions.n, rowCount: versions.rowCount, schema: versions.schema,
    artifacts: versions.artifacts, unavailableReason: versions.unavailableReason,
  }).from(versions).orderBy(versions.datasetPk, versions.n);
}

/** Published versions whose rows table is there (the ones files can be built from), in key order. */
export async function availablePublishedVersions(db: AnyDb): Promise<{ datasetPk: number; n: number; artifacts: Record<string, ArtifactInfo> }[]> {
  const { versions } = versionsTables(db);
  return builder(db).select({ datasetPk: versions.datasetPk, n: versions.n, artifacts: versions.artifacts }).from(versions)
    .where(and(eq(versions.status, 'published'), isNull(versions.unavailableReason))).orderBy(versions.datasetPk, versions.n);
}

export async function setUnavailableReason(db: AnyDb, datasetPk: number, n: number, reason: string | null): Promise<void> {
  await builder(db).update(versionsTables(db).versions).set({ unavailableReason: reason }).where(key(db, datasetPk, n));
}

export async function markWithdrawn(db: AnyDb, datasetPk: number, n: number, at: string, reason: string): Promise<void> {
  await builder(db).update(versionsTables(db).versions).set({ status: 'withdrawn', withdrawnAt: at, withdrawnReason: reason }).where(key(db, datasetPk, n));
}

/**
 * Merges freshly built artifacts into the version row (if it is committed yet), read-then-write with no other
 * writer in between (several processes build artifacts): on SQLite in one IMMEDIATE transaction (a deferred one
 * would fail at once, SQLITE_BUSY, if another process wrote meanwhile); on PostgreSQL the row is locked FOR UPDATE
 * for the unit of work, so a second merger waits and then reads the first one's record.
 * `order` puts the merged record in a fixed key order. Returns the record as stored (or `built` when there is no row).
 */
export async function mergeArtifacts<R extends Record<string, ArtifactInfo | undefined>>(db: AnyDb, datasetPk: number, n: number, built: R, order: (merged: R) => R): Promise<R> {
  if (!isPg(db)) return mergeOnSqlite(db, datasetPk, n, built, order);
  return inTransaction(db, async (tx) => {
    const [row] = await rowsOf<{ artifacts: string }>(tx, sql`SELECT artifacts FROM versions WHERE dataset_pk = ${datasetPk} AND n = ${n} FOR UPDATE`);
    if (!row) return built;
    const merged = order({ ...(JSON.parse(row.artifacts) as R), ...built });
    await builder(tx).update(versionsTables(tx).versions).set({ artifacts: merged as Record<string, ArtifactInfo> }).where(key(tx, datasetPk, n));
    return merged;
  });
}

function mergeOnSqlite<R extends Record<string, ArtifactInfo | undefined>>(db: SqliteDb, datasetPk: number, n: number, built: R, order: (merged: R) => R): R {
  const { versions } = versionsTables(db);
  return db.transaction((tx) => {
    const row = tx.select({ artifacts: versions.artifacts }).from(versions).where(key(db, datasetPk, n)).get();
    if (!row) return built;
    const merged = order({ ...row.artifacts, ...built });
    tx.update(versions).set({ artifacts: merged as Record<string, ArtifactInfo> }).where(key(db, datasetPk, n)).run();
    return merged;
  }, { behavior: 'immediate' });
}
