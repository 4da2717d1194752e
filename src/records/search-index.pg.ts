import type { PgDb } from '../db/engine.js';
import { ftsTableName, indexBuilding, textFields } from './records.fts.js';
import type { RecordsTarget } from './records.target.js';
import type { SearchIndexOptions } from './search-index.js';
import { ftsReadyPg } from './search-index.pg.sql.js';
import { claimJobByKey, failJob, finishJob, holdJobLease, workerDbOf, type ClaimedJob } from '../versions/index.js';
import { createPgIndexBuilder } from './search-index-pg-builder.js';

/** A node's lease on an index build, renewed while it runs: another node takes the build over once it lapses. */
const searchIndexLeaseMs = 60_000;

/**
 * The search indexer on PostgreSQL, with the SQLite one's face (search-index.ts): `searchTable` answers at once
 * from what this process knows, and otherwise queues the version (a check whether another node or an earlier
 * run built its index, else a build) and answers 503 `search_index_building` with `Retry-After`. Builds run one
 * at a time in a worker thread with its own connection (search-index-pg-worker.ts): segmenting every text cell is
 * CPU work the serving thread must not do. The job's claim and lease stay here.
 */
export function createPgSearchIndexer(db: PgDb, options: SearchIndexOptions) {
  const batchRows = options.batchRows ?? 500;
  const retryFailedMs = options.retryFailedMs ?? 60_000;
  const ready = new Set<string>();
  const failedAt = new Map<string, number>();
  const queue: RecordsTarget[] = [];
  let running: RecordsTarget | null = null;
  let rowsPerSecond = 5_000;
  const url = options.databaseUrl ?? (workerDbOf({ db }) as { url: string }).url;
  const builder = createPgIndexBuilder(url, { log: options.log, idleMs: options.idleMs ?? 30_000 });

  // A version's index is built by one node of the cluster: the one that claims its job (cluster-jobs.store.ts in
  // versions). A node that finds the job held by another leaves it; the next `q` it gets looks again.
  async function build(target: RecordsTarget): Promise<void> {
    const started = performance.now();
    let job: ClaimedJob | null = null;
    let lease: { stop: () => void } | null = null;
    try {
      if (await ftsReadyPg(db, target.table)) return void ready.add(target.table);
      job = await claimJobByKey(db, 'search-index', `search-index:${target.table}`, searchIndexLeaseMs);
      if (!job) return;
      lease = holdJobLease(db, job, searchIndexLeaseMs);
      const rows = await builder.build(target.table, target.schema, batchRows);
      await finishJob(db, job);
      ready.add(target.table);
      if (rows > 1000) rowsPerSecond = Math.max(1000, (rows / (performance.now() - started)) * 1000);
    } catch (err) {
      failedAt.set(target.table, Date.now());
      options.log.error(`search index of ${target.table} failed: ${err instanceof Error ? err.message : String(err)}`);
      if (job) await failJob(db, job, err, 0).catch(() => {});
    } finally {
      lease?.stop();
    }
  }

  function pump(): void {
    if (running) return;
    running = queue.shift() ?? null;
    if (running) void build(running).finally(() => { running = null; pump(); });
  }

  function secondsUntil(table: string): number {
    let rows = 0;
    for (const t of [...(running ? [running] : []), ...queue]) {
      rows += t.rowCount;
      if (t.table === table) break;
    }
    return Math.min(300, Math.max(1, Math.ceil(rows / rowsPerSecond)));
  }

  return {
    searchTable(target: RecordsTarget): string | null {
      if (!textFields(target.schema).length) return null;
      if (ready.has(target.table)) return ftsTableName(target.table);
      const failed = failedAt.get(target.table);
      const queued = running?.table === target.table || queue.some((t) => t.table === target.table);
      if (!queued && (failed === undefined || Date.now() - failed >= retryFailedMs)) {
        failedAt.delete(target.table);
        queue.push(target);
        pump();
      }
      const seconds = secondsUntil(target.table);
      throw indexBuilding(target, seconds);
    },
    get idle() {
      return !running && !queue.length;
    },
    close: () => builder.close(),
  };
}
