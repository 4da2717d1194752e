import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { isPg, rowsOf, type AnyDb } from './engine.js';

// Whether the database has every migration this code ships: drizzle's migrator applies those whose journal time
// (`when`) is later than the last one it recorded in __drizzle_migrations (schema `drizzle` on PostgreSQL), so the
// database is current when its last recorded time reaches the journal's last.

const journalOf = (folder: string) => fileURLToPath(new URL(`./${folder}/meta/_journal.json`, import.meta.url));

export type MigrationStatus = { applied: number; expected: number; current: boolean };

export async function migrationStatus(db: AnyDb): Promise<MigrationStatus> {
  const journal = JSON.parse(fs.readFileSync(journalOf(isPg(db) ? 'migrations-pg' : 'migrations'), 'utf8')) as { entries: { when: number }[] };
  const table = isPg(db) ? sql`drizzle.__drizzle_migrations` : sql`__drizzle_migrations`;
  const [row] = await rowsOf<{ applied: number | string; last: number | string | null }>(db, sql`SELECT COUNT(*) AS applied, MAX(created_at) AS last FROM ${table}`);
  const lastExpected = Math.max(0, ...journal.entries.map((e) => e.when));
  return { applied: Number(row?.applied ?? 0), expected: journal.entries.length, current: Number(row?.last ?? 0) >= lastExpected };
}
