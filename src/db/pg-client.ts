import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import type { PgDb } from './engine.js';

// The PostgreSQL connection (KAIFANG_DATABASE_URL=postgres://…): postgres.js, pure JavaScript, pipelined, its
// statements prepared by itself. Its own migrations (src/db/migrations-pg, drizzle-kit with drizzle.pg.config.ts).

const migrationsFolder = fileURLToPath(new URL('./migrations-pg', import.meta.url));

export function openPgDb(url: string, options: { max?: number } = {}): PgDb {
  const client = postgres(url, {
    max: options.max ?? 10,
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
