import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { versions } from './versions.table.js';

/** What the records API needs to know of a version before it reads its rows (the schema is read apart, once). */
export type VersionState = { n: number; rowCount: number; status: 'published' | 'withdrawn'; withdrawnReason: string | null; unavailableReason: string | null };

const stateColumns = { n: versions.n, rowCount: versions.rowCount, status: versions.status, withdrawnReason: versions.withdrawnReason, unavailableReason: versions.unavailableReason };

/**
 * A dataset's latest published version and a version by number, read on every records request: the statements
 * are prepared once, by the caller (one per app), since preparing costs ten times more than running them.
 */
export function preparedVersionStates(db: Db) {
  const latest = db.select(stateColumns).from(versions)
    .where(and(eq(versions.datasetPk, sql.placeholder('pk')), eq(versions.status, 'published')))
    // No LIMIT: drizzle binds it, and SQLite recompiles a statement with a bound LIMIT on every run (see
    // records.page-sql.ts), 5 µs here; `get` steps to the first row only, which is the same read.
    .orderBy(desc(versions.n)).prepare();
  const pinned = db.select(stateColumns).from(versions)
    .where(and(eq(versions.datasetPk, sql.placeholder('pk')), eq(versions.n, sql.placeholder('n')))).prepare();
  return {
    latestPublished: async (datasetPk: number): Promise<VersionState | undefined> => latest.get({ pk: datasetPk }),
    pinned: async (datasetPk: number, n: number): Promise<VersionState | undefined> => pinned.get({ pk: datasetPk, n }),
  };
}
