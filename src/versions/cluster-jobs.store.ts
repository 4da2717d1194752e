import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { execute, rowsOf, type PgDb } from '../db/engine.js';

// Background work that must run once across all nodes sharing one PostgreSQL database (migrations-pg 0004, the `jobs`
// table): recurring deliveries of the demand board, artifact builds. SQLite serves one process and needs none of this.
//
// Why a table claimed with `FOR UPDATE SKIP LOCKED` rather than pg-boss or graphile-worker: there are a few job kinds,
// each short and keyed by what it does (`recurring:<order>:<month>`, `artifacts:<pk>:<n>:<key>`), and what matters is
// "once per key", which a primary key and `ON CONFLICT DO NOTHING` already say. Both libraries bring their own schema
// with its own migrations and roles (a second schema owner beside drizzle-kit's migrations), their own connection
// pool, and, for graphile-worker, PL/pgSQL functions and LISTEN/NOTIFY; this is three statements of core SQL on the
// portal's own pool, which PostgreSQL-compatible databases are likeliest to run as they are.
//
// A claim is a lease: `locked_until` (the database's clock, so nodes' clocks do not matter) is renewed while the work
// runs; a node that dies stops renewing, the lease lapses and the next claim takes the job. Finishing is guarded by
// the claim's token, so a node that overran its lease cannot mark done what another node took over.

export type JobState = 'queued' | 'running' | 'done' | 'failed';
export type ClaimedJob = { key: string; kind: string; payload: string; attempts: number; token: string };

/** Epoch milliseconds on the database's clock. */
const dbNowMs = sql`(extract(epoch from clock_timestamp()) * 1000)::bigint`;

/** After this many claims a job is left `failed` (a poison job must not be retried forever). */
export const maxJobAttempts = 5;

/** Adds a job unless one with this key exists (whatever its state): true when this call added it. */
export async function enqueueJob(db: PgDb, kind: string, key: string, payload = '{}'): Promise<boolean> {
  return (await execute(db, sql`INSERT INTO jobs (key, kind, payload, state, attempts, run_after, created_at)
    VALUES (${key}, ${kind}, ${payload}, 'queued', 0, ${dbNowMs}, ${dbNowMs}) ON CONFLICT (key) DO NOTHING`)) > 0;
}

/** Jobs waiting or running, by kind and state (the queue depth /metrics reports); done and failed ones are history. */
export async function countOpenJobs(db: PgDb): Promise<{ kind: string; state: string; count: number }[]> {
  const rows = await rowsOf<{ kind: string; state: string; count: string | number }>(db, sql`SELECT kind, state, COUNT(*) AS count FROM jobs WHERE state IN ('queued', 'running') GROUP BY kind, state`);
  return rows.map((r) => ({ kind: r.kind, state: r.state, count: Number(r.count) }));
}

const claimedColumns = sql`key, kind, payload, attempts, locked_by AS token`;

/**
 * Takes one due job of `kind` (queued and due, or running under a lapsed lease) for `leaseMs`, skipping rows other
 * nodes are claiming at this very moment; null when there is none.
 */
export async function claimJob(db: PgDb, kind: string, leaseMs: number): Promise<ClaimedJob | null> {
  const rows = await rowsOf<ClaimedJob>(db, sql`UPDATE jobs SET state = 'running', attempts = attempts + 1,
      locked_by = ${randomUUID()}, locked_until = ${dbNowMs} + ${leaseMs}
    WHERE key = (
      SELECT key FROM jobs
      WHERE kind = ${kind} AND attempts < ${maxJobAttempts} AND run_after <= ${dbNowMs}
        AND (state = 'queued' OR (state = 'running' AND locked_until < ${dbNowMs}))
      ORDER BY run_after, key
      LIMIT 1
      FOR UPDATE SKIP LOCKED)
    RETURNING ${claimedColumns}`);
  return rows[0] ?? null;
}

/**
 * Takes the job `key` (adding it when missing) unless another node holds a live lease on it. A job done or failed
 * before is taken again: the caller asks only when it found the work's result missing, and checks again once it holds
 * the lease. Null while another node holds it.
 */
export async function claimJobByKey(db: PgDb, kind: string, key: string, leaseMs: number): Promise<ClaimedJob | null> {
  await enqueueJob(db, kind, key);
  const rows = await rowsOf<ClaimedJob>(db, sql`UPDATE jobs SET state = 'running', attempts = attempts + 1,
      locked_by = ${randomUUID()}, locked_until = ${dbNowMs} + ${leaseMs}
    WHERE key = ${key} AND (state <> 'running' OR locked_until < ${dbNowMs})
    RETURNING ${claimedColumns}`);
  return rows[0] ?? null;
}

/** Whether the job `key` is held under a live lease by someone (this node or another). */
export async function jobIsRunning(db: PgDb, key: string): Promise<boolean> {
  const rows = await rowsOf<{ key: string }>(db, sql`SELECT key FROM jobs WHERE key = ${key} AND state = 'running' AND locked_until >= ${dbNowMs}`);
  return rows.length > 0;
}

/**
 * Marks a claimed job done; false when the claim was lost (its lease lapsed and another node took it, or finished it).
 * Pass the transaction that wrote the job's result, so the result and "done" commit together or not at all.
 */
export async function finishJob(db: PgDb, job: ClaimedJob): Promise<boolean> {
  return (await execute(db, sql`UPDATE jobs SET state = 'done', locked_until = NULL, last_error = NULL, finished_at = ${dbNowMs}
    WHERE key = ${job.key} AND locked_by = ${job.token} AND state = 'running'`)) > 0;
}

/** Gives a claimed job back after a failure: queued again after `retryMs`, or `failed` after its last attempt. */
export async function failJob(db: PgDb, job: ClaimedJob, error: unknown, retryMs = 60_000): Promise<void> {
  const message = String(error instanceof Error ? error.message : error).slice(0, 2000);
  await execute(db, sql`UPDATE jobs SET state = CASE WHEN attempts >= ${maxJobAttempts} THEN 'failed' ELSE 'queued' END,
      locked_until = NULL, last_error = ${message}, run_after = ${dbNowMs} + ${retryMs},
      finished_at = CASE WHEN attempts >= ${maxJobAttempts} THEN ${dbNowMs} ELSE finished_at END
    WHERE key = ${job.key} AND locked_by = ${job.token} AND state = 'running'`);
}

/** Renews the lease of a claimed job every third of `leaseMs` until `stop` is called. */
export function holdJobLease(db: PgDb, job: ClaimedJob, leaseMs: number): { stop: () => void } {
  const timer = setInterval(() => {
    execute(db, sql`UPDATE jobs SET locked_until = ${dbNowMs} + ${leaseMs} WHERE key = ${job.key} AND locked_by = ${job.token} AND state = 'running'`)
      .catch(() => {}); // a renewal that fails lets the lease lapse: another node then takes the job over, as after a crash
  }, Math.max(10, Math.floor(leaseMs / 3)));
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/**
 * How long a finished job's row is kept. A row is not what keeps work from running twice after it is gone: a
 * recurring delivery's key names its month (`recurring:<order>:<YYYY-MM>`) and the delivery it recorded makes the order
 * not due for a month, and a build or search-index job is claimed again only when its result is missing. Longer than
 * any month (with room for the nodes' clocks, which name the month, against the database's, which times the row),
 * so a recurring key's month is over before its row goes: no node can add that key again.
 */
export const finishedJobRetentionMs = 35 * 24 * 3600_000;

/** Deletes the jobs done, or failed for good, more than `retentionMs` ago (the database's clock); how many went. */
export async function pruneFinishedJobs(db: PgDb, retentionMs = finishedJobRetentionMs): Promise<number> {
  return await execute(db, sql`DELETE FROM jobs WHERE state IN ('done', 'failed') AND finished_at < ${dbNowMs} - ${retentionMs}`);
}
