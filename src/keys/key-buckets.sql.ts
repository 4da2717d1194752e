import type { PgDb } from '../db/engine.js';

// The api_key_buckets table (PostgreSQL only, migration 0003): one key's per-minute token bucket shared by every node.

export type BucketState = { tokens: number; took: boolean };

/**
 * Refills the key's bucket up to `limit` for the time since it was last touched and, when `want` and a whole token is
 * there, takes one: one upsert, so two nodes' requests of the same key queue on its row and never both take the last
 * token. A new key's bucket starts full. `at` never goes back, so a node whose clock lags refills nothing rather than
 * taking tokens back. Answers the tokens left and whether this call took one.
 */
export async function takeFromBucket(db: PgDb, keyId: string, limit: number, nowMs: number, want: boolean): Promise<BucketState> {
  const first = want && limit >= 1 ? 1 : 0;
  const rows = await db.$client.unsafe<{ tokens: number; took: number }[]>(takeSql, [keyId, limit, nowMs, limit / 60_000, first, want ? 1 : 0], { prepare: true });
  const row = rows[0]!;
  return { tokens: Number(row.tokens), took: row.took === 1 };
}

// Prepared once per connection (it runs on every keyed request): $1 key, $2 limit, $3 now (ms), $4 tokens per ms,
// $5 whether a new bucket starts with one token taken, $6 whether to take one.
const refilled = 'LEAST($2::float8, b.tokens + GREATEST(0, $3::bigint - b.at) * $4::float8)';
const takeSql = `INSERT INTO api_key_buckets AS b (key_id, tokens, at, took)
    VALUES ($1, $2::float8 - $5::int, $3::bigint, $5::int)
  ON CONFLICT (key_id) DO UPDATE SET
    tokens = ${refilled} - CASE WHEN $6::int = 1 AND ${refilled} >= 1 THEN 1 ELSE 0 END,
    at = GREATEST(b.at, $3::bigint),
    took = CASE WHEN $6::int = 1 AND ${refilled} >= 1 THEN 1 ELSE 0 END
  RETURNING tokens, took`;

/** Deletes buckets untouched since `beforeMs`: refilled since, they are full, as a new bucket starts. */
export async function deleteIdleBuckets(db: PgDb, beforeMs: number): Promise<void> {
  await db.$client.unsafe('DELETE FROM api_key_buckets WHERE at < $1::bigint', [beforeMs]);
}
