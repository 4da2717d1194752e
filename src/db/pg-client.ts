import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import type { PgDb } from './engine.js';

// The PostgreSQL connection (KAIFANG_DATABASE_URL=postgres://…): postgres.js, pure JavaScript, pipelined, its
// statements prepared by itself. Its own migrations (src/db/migrations-pg, drizzle-kit with drizzle.pg.config.ts).

const migrationsFolder = fileURLToPath(new URL('./migrations-pg', import.meta.url));

export function openPgDb(url: string, options: { max?: number; connection?: Record<string, string | number | boolean> } = {}): PgDb {
  const client = postgres(url, {
    max: options.max ?? 10,
    // A prepared statement is planned for its values every time, never with PostgreSQL's generic plan (chosen after
    // five runs when it looks no dearer on average): a records page's best plan depends on its filter's values (a
    // selective range reads its index and sorts 900 rows in 0.6 ms; the generic plan walked the sort index past
    // 18,000 rows, 6–15 ms). Measured on bench:records-pg's mix: 2.9 → 1.8 ms of PostgreSQL CPU per request.
    connection: { plan_cache_mode: 'force_custom_plan', ...options.connection },
    onnotice: () => {},
    // int8 (COUNT(*), SUM over integers, bigint columns) as a number, as SQLite gives it: every value we keep fits.
    types: { bigint: { to: 20, from: [20], serialize: (x: number) => String(x), parse: (x: string) => Number(x) } },
  });
  return Object.assign(drizzle(client), { engine: 'pg' as const, $client: client });
}

export async function migratePgDb(db: PgDb): Promise<void> {
  await migrate(db, { migrationsFolder });
}

export async function closePgDb(db: PgDb): Promise<void> {
  await db.$client.end();
}
