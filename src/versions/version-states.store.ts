import { and, desc, eq, sql } from 'drizzle-orm';
import { isPg, type AnyDb, type PgDb } from '../db/engine.js';
import { versions as pgVersions } from './versions.pg-table.js';
import { versionsTables } from './versions.tables.js';

/** What the records API needs to know of a version before it reads its rows (the schema is read apart, once). */
export type VersionState = { n: number; rowCount: number; status: 'published' | 'withdrawn'; withdrawnReason: string | null; unavailableReason: string | null };

const stateColumns = (db: AnyDb) => {
  const { versions } = versionsTables(db);
  return { n: versions.n, rowCount: versions.rowCount, status: versions.status, withdrawnReason: versions.withdrawnReason, unavailableReason: versions.unavailableReason };
};

/**
 * A dataset's latest published version and a version by number, read on every records request. On SQLite the
 * statements are prepared once, by the caller (one per app), since preparing costs ten times more than running
 * them; on PostgreSQL each is parsed once per connection and its SQL is not rebuilt per call.
 */
export function preparedVersionStates(db: AnyDb) {
  if (isPg(db)) return versionStatesOnPg(db);
  const { versions } = versionsTables(db);
  const latest = db.select(stateColumns(db)).from(versions)
    .where(and(eq(versions.datasetPk, sql.placeholder('pk')), eq(versions.status, 'published')))
    // No LIMIT: drizzle binds it, and SQLite recompiles a statement with a bound LIMIT on every run (see
    // records.page-sql.ts), 5 µs here; `get` steps to the first row only, which is the same read.
    .orderBy(desc(versions.n)).prepare();
  const pinned = db.select(stateColumns(db)).from(versions)
    .where(and(eq(versions.datasetPk, sql.placeholder('pk')), eq(versions.n, sql.placeholder('n')))).prepare();
  return {
    latestPublished: async (datasetPk: number): Promise<VersionState | undefined> => latest.get({ pk: datasetPk }),
    pinned: async (datasetPk: number, n: number): Promise<VersionState | undefined> => pinned.get({ pk: datasetPk, n }),
  };
}

function versionStatesOnPg(db: PgDb) {
  const v = pgVersions;
  const columns = { n: v.n, rowCount: v.rowCount, status: v.status, withdrawnReason: v.withdrawnReason, unavailableReason: v.unavailableReason };
  const latest = db.select(columns).from(v).where(and(eq(v.datasetPk, sql.placeholder('pk')), eq(v.status, 'published'))).orderBy(desc(v.n)).limit(1).prepare('latest_published_state');
  const pinned = db.select(columns).from(v).where(and(eq(v.datasetPk, sql.placeholder('pk')), eq(v.n, sql.placeholder('n')))).limit(1).prepare('pinned_version_state');
  return {
    latestPublished: async (datasetPk: number) => (await latest.execute({ pk: datasetPk }))[0] as VersionState | undefined,
    pinned: async (datasetPk: number, n: number) => (await pinned.execute({ pk: datasetPk, n }))[0] as VersionState | undefined,
  };
}
