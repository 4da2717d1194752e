-- State that several nodes must share, on PostgreSQL only (SQLite serves one node and keeps it in memory). Not drizzle
-- tables: each is read and written by one raw statement (src/keys/key-buckets.sql.ts, src/usage/usage-clicks.sql.ts, src/auth/auth-throttle.sql.ts).

-- Each API key's per-minute token bucket: `tokens` as of `at` (epoch ms), refilled continuously and taken by one
-- guarded upsert per request; `took` says whether the last request got a token (RETURNING cannot see the old row).
CREATE TABLE "api_key_buckets" (
	"key_id" text PRIMARY KEY NOT NULL,
	"tokens" double precision NOT NULL,
	"at" bigint NOT NULL,
	"took" integer NOT NULL
);
--> statement-breakpoint
-- The double-click rule of usage counting: per consumer, dataset, version, format and kind, when the last fetch that
-- counted was made (epoch ms). Decided by the usage writers under their lock; rows older than the window are pruned.
CREATE TABLE "usage_clicks" (
	"click" text PRIMARY KEY NOT NULL,
	"counted_at" bigint NOT NULL
);
--> statement-breakpoint
-- Sign-in and registration throttles: per throttle and key (an account, a client address), the times (epoch ms) of the
-- attempts still in its window. Each attempt locks its keys' rows, so nodes count one window together.
CREATE TABLE "auth_throttle" (
	"key" text PRIMARY KEY NOT NULL,
	"attempts" bigint[] NOT NULL
);
