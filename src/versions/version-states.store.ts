import { and, desc, eq, sql } from 'drizzle-orm';
import { builder, isPg, type AnyDb } from '../db/engine.js';
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
 * them; PostgreSQL's client prepares its statements itself.
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

function versionStatesOnPg(db: AnyDb) {
  const { versions } = versionsTables(db);
  const columns = stateColumns(db);
  return {
    latestPublished: async (datasetPk: number): Promise<VersionState | undefined> =>
      (await builder(db).select(columns).from(versions).where(and(eq(versions.datasetPk, datasetPk), eq(versions.status, 'published'))).orderBy(desc(versions.n)).limit(1))[0],
    pinned: async (datasetPk: number, n: number): Promise<VersionState | undefined> =>
      (await builder(db).select(columns).from(versions).where(and(eq(versions.datasetPk, datasetPk), eq(versions.n, n))).limit(1))[0],
  };
}
