import { sql } from 'drizzle-orm';
import { rowsOf, type PgDb } from '../db/engine.js';

// The api_key_buckets table (PostgreSQL only, migration 0003): one key's per-minute token bucket shared by every node.

export type BucketState = { tokens: number; took: boolean };

/**
 * Refills the key's bucket up to `limit` for the time since it was last touched and, when `want` and a whole token is
 * there, takes one: one upsert, so two nodes' requests of the same key queue on its row and never both take the last
 * token. A new key's bucket starts full. `at` never goes back, so a node whose clock lags refills nothing rather than
 * taking tokens back. Answers the tokens left and whether this call took one.
 */
export async function takeFromBucket(db: PgDb, keyId: string, limit: number, nowMs: number, want: boolean): Promise<BucketState> {
  const perMs = limit / 60_000;
  const refilled = sql`LEAST(${limit}::float8, b.tokens + GREATEST(0, ${nowMs}::bigint - b.at) * ${perMs}::float8)`;
  const take = want ? 1 : 0;
  const first = want && limit >= 1 ? 1 : 0;
  const rows = await rowsOf<{ tokens: number; took: number }>(db, sql`INSERT INTO api_key_buckets AS b (key_id, tokens, at, took)
      VALUES (${keyId}, ${limit}::float8 - ${first}, ${nowMs}::bigint, ${first})
    ON CONFLICT (key_id) DO UPDATE SET
      tokens = ${refilled} - CASE WHEN ${take} = 1 AND ${refilled} >= 1 THEN 1 ELSE 0 END,
      at = GREATEST(b.at, ${nowMs}::bigint),
      took = CASE WHEN ${take} = 1 AND ${refilled} >= 1 THEN 1 ELSE 0 END
    RETURNING tokens, took`);
  const row = rows[0]!;
  return { tokens: Number(row.tokens), took: row.took === 1 };
}
