-- The cluster's job queue (PostgreSQL only: SQLite serves one process, whose background work runs in that process).
-- Not a drizzle table: read and written by raw statements in src/versions/cluster-jobs.store.ts, claimed with
-- `FOR UPDATE SKIP LOCKED`. `key` says what the job does (`recurring:<order>:<month>`, `artifacts:<pk>:<n>:<key>`),
-- so a job is added once however many nodes add it (`ON CONFLICT DO NOTHING`). Times are epoch milliseconds of the
-- database's clock; `locked_until` is the lease of the node running it (`locked_by`, a token per claim).
CREATE TABLE "jobs" (
	"key" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"payload" text DEFAULT '{}' NOT NULL,
	"state" text NOT NULL CHECK ("state" IN ('queued', 'running', 'done', 'failed')),
	"attempts" integer DEFAULT 0 NOT NULL,
	"run_after" bigint NOT NULL,
	"locked_by" text,
	"locked_until" bigint,
	"last_error" text,
	"created_at" bigint NOT NULL,
	"finished_at" bigint
);
--> statement-breakpoint
-- What a claim looks for: a kind's due jobs, queued or running (a lapsed lease), oldest first.
CREATE INDEX "jobs_due_idx" ON "jobs" ("kind", "run_after") WHERE "state" IN ('queued', 'running');
