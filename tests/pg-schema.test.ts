import { asSqlite } from '../src/db/connection.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import { eq } from 'drizzle-orm';
import type { FieldSpec } from '../src/lib/field-spec.js';
import { closeDb, migrateDb, openDb, type SqliteDb } from '../src/db/client.js';
import * as sqliteAuth from '../src/auth/auth.table.js';
import * as sqliteCatalog from '../src/catalog/catalog.table.js';
import * as sqliteVersions from '../src/versions/versions.table.js';
import * as pgAuth from '../src/auth/auth.pg-table.js';
import * as pgCatalog from '../src/catalog/catalog.pg-table.js';
import * as pgVersions from '../src/versions/versions.pg-table.js';
import { pgSkipped, startPgCluster, type PgCluster } from './support/pg-cluster.js';

// The PostgreSQL schema (src/*/*.pg-table.ts, src/db/migrations-pg) is the SQLite one on the other engine: the same
// tables, columns, keys and indexes, and the same rows coming back, so each store can have a twin for PostgreSQL.
// Missing PostgreSQL fails these tests with a message naming the package; only KAIFANG_SKIP_PG=1 skips them.

const pgMigrations = fileURLToPath(new URL('../src/db/migrations-pg', import.meta.url));

/** One table as both engines can describe it; lists sorted so the comparison ignores creation order. */
type TableShape = {
  columns: string[]; // name type(integer|text) [not null]
  primaryKey: string[];
  uniques: string[]; // name(columns)
  indexes: string[]; // name(columns), not unique
  foreignKeys: string[]; // columns -> table(columns) on update/delete
};
type SchemaShape = Record<string, TableShape>;

const pgFkAction: Record<string, string> = { a: 'no action', r: 'restrict', c: 'cascade', n: 'set null', d: 'set default' };
// PostgreSQL's integer kinds all hold what SQLite's 64-bit integer holds in these columns.
const pgType = (t: string): string => (['integer', 'bigint', 'smallint'].includes(t) ? 'integer' : t);

function sqliteShape(db: SqliteDb): SchemaShape {
  const sqlite = db.$client;
  const all = <T>(query: string, ...params: unknown[]) => sqlite.prepare(query).all(...params) as T[];
  // Ordinary tables only: not the FTS5 virtual tables nor their shadow tables, not drizzle's bookkeeping.
  const tables = all<{ name: string }>(
    "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> '__drizzle_migrations'",
  ).map((t) => t.name);
  const shape: SchemaShape = {};
  for (const table of tables) {
    const columns = all<{ name: string; type: string; notnull: number; pk: number }>('SELECT * FROM pragma_table_info(?)', table);
    const indexes = all<{ name: string; unique: number; origin: string }>('SELECT * FROM pragma_index_list(?)', table).filter((i) => i.origin !== 'pk');
    const indexColumns = (index: string) =>
      all<{ name: string }>('SELECT name FROM pragma_index_info(?) ORDER BY seqno', index).map((c) => c.name).join(',');
    const fks = all<{ id: number; table: string; from: string; to: string; on_update: string; on_delete: string }>(
      'SELECT * FROM pragma_foreign_key_list(?) ORDER BY id, seq',
      table,
    );
    const fkIds = [...new Set(fks.map((f) => f.id))];
    shape[table] = {
      // An INTEGER PRIMARY KEY is never null in SQLite even when not declared NOT NULL.
      columns: columns.map((c) => `${c.name} ${c.type.toLowerCase()}${c.notnull || c.pk ? ' not null' : ''}`).sort(),
      primaryKey: columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name),
      uniques: indexes.filter((i) => i.unique).map((i) => `${i.name}(${indexColumns(i.name)})`).sort(),
      indexes: indexes.filter((i) => !i.unique).map((i) => `${i.name}(${indexColumns(i.name)})`).sort(),
      foreignKeys: fkIds
        .map((id) => {
          const parts = fks.filter((f) => f.id === id);
          const first = parts[0]!;
          return `${parts.map((p) => p.from).join(',')} -> ${first.table}(${parts.map((p) => p.to).join(',')}) on update ${first.on_update.toLowerCase()} on delete ${first.on_delete.toLowerCase()}`;
        })
        .sort(),
    };
  }
  return shape;
}

async function pgShape(sql: postgres.Sql): Promise<SchemaShape> {
  const tables = await sql<{ name: string }[]>`
    SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
       AND table_name NOT IN ('catalog_search', 'api_key_buckets', 'usage_clicks', 'auth_throttle', 'jobs')`; // the search index (migrations-pg 0002), as SQLite's FTS5 tables are left out; state several nodes share (0003), in memory on SQLite; the cluster's job queue (0004)
  const columns = await sql<{ table: string; name: string; type: string; nullable: string }[]>`
    SELECT table_name AS table, column_name AS name, data_type AS type, is_nullable AS nullable
    FROM information_schema.columns WHERE table_schema = 'public'`;
  const attnames = (rel: string, keys: string) => `
    (SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM unnest(${keys}) WITH ORDINALITY k(attnum, ord)
     JOIN pg_attribute a ON a.attrelid = ${rel} AND a.attnum = k.attnum)`;
  const indexes = await sql.unsafe<{ table: string; name: string; unique: boolean; primary: boolean; columns: string }[]>(`
    SELECT t.relname AS table, i.relname AS name, x.indisunique AS unique, x.indisprimary AS primary,
           ${attnames('t.oid', 'x.indkey')} AS columns
    FROM pg_index x JOIN pg_class t ON t.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = 'public'`);
  const fks = await sql.unsafe<{ table: string; ref: string; from: string; to: string; upd: string; del: string }[]>(`
    SELECT t.relname AS table, r.relname AS ref, c.confupdtype AS upd, c.confdeltype AS del,
           ${attnames('c.conrelid', 'c.conkey')} AS from, ${attnames('c.confrelid', 'c.confkey')} AS to
    FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class r ON r.oid = c.confrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace WHERE c.contype = 'f' AND n.nspname = 'public'`);
  const shape: SchemaShape = {};
  for (const { name: table } of tables) {
    const own = <T extends { table: string }>(rows: readonly T[]) => rows.filter((r) => r.table === table);
    const primary = own(indexes).find((i) => i.primary);
    shape[table] = {
      columns: own(columns).map((c) => `${c.name} ${pgType(c.type)}${c.nullable === 'NO' ? ' not null' : ''}`).sort(),
      primaryKey: primary ? primary.columns.split(',') : [],
      uniques: own(indexes).filter((i) => i.unique && !i.primary).map((i) => `${i.name}(${i.columns})`).sort(),
      indexes: own(indexes).filter((i) => !i.unique).map((i) => `${i.name}(${i.columns})`).sort(),
      foreignKeys: own(fks)
        .map((f) => `${f.from} -> ${f.ref}(${f.to}) on update ${pgFkAction[f.upd]} on delete ${pgFkAction[f.del]}`)
        .sort(),
    };
  }
  return shape;
}

(pgSkipped ? describe.skip : describe)('the PostgreSQL schema', () => {
  let cluster: PgCluster | undefined;
  let sql: postgres.Sql;
  let pgDb: PostgresJsDatabase;
  let sqliteDb: SqliteDb;
  let sqliteDir: string;

  beforeAll(async () => {
    cluster = await startPgCluster();
    sql = postgres(cluster.url, { max: 1, onnotice: () => {} });
    pgDb = drizzle(sql);
    await migrate(pgDb, { migrationsFolder: pgMigrations });
    sqliteDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaifang-pg-schema-'));
    // awaited so this keeps working when opening and migrating become async
    sqliteDb = await openDb(path.join(sqliteDir, 'kaifang.db'));
    await migrateDb(sqliteDb);
  });

  afterAll(async () => {
    await sql?.end();
    await cluster?.stop();
    if (sqliteDb) closeDb(sqliteDb);
    if (sqliteDir) fs.rmSync(sqliteDir, { recursive: true, force: true });
  });

  it('has the same tables as SQLite, each with the same columns, keys, unique sets, indexes and foreign keys', async () => {
    const expected = sqliteShape(sqliteDb);
    const actual = await pgShape(sql);
    expect(Object.keys(expected).length).toBeGreaterThan(20);
    expect(Object.keys(actual).sort(), 'tables').toEqual(Object.keys(expected).sort());
    for (const table of Object.keys(expected)) expect(actual[table], `table ${table}`).toEqual(expected[table]);
  });

  it('gives back the rows SQLite gives back through drizzle (JSON columns parsed, epoch milliseconds whole), and bumps the catalog generation alike', async () => {
    const now = Date.now(); // beyond PostgreSQL's integer: must come back as this number
    const field: FieldSpec = { name: 'id', label_zh: '编号', type: 'integer', required: true, primary_key: true };
    const department = { id: 'dept-a', code: 'A01', nameZh: '甲局', nameEn: 'Bureau A', contactPhone: null, contactEmail: null, position: 3 };
    const theme = { id: 'theme-a', nameZh: '交通', nameEn: 'Transport', position: 0 };
    const dataset = {
      id: 'bus-stops', code: 'A01-0001', titleZh: '公交站点', titleEn: 'Bus stops', summaryZh: '站点', summaryEn: 'Stops',
      departmentId: 'dept-a', themeId: 'theme-a', openType: 'open' as const, updateFrequency: 'monthly' as const, license: 'CC-BY-4.0',
      keywords: ['公交', '站点'], keywordsEn: ['bus'], spatial: '市区', industry: null, relatedCodes: [],
      schema: [field], createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z',
      latestVersion: null,
    };
    const version = (datasetPk: number) => ({
      datasetPk, n: 1, publishedAt: '2026-01-02T00:00:00.000Z', publishedBy: null, rowCount: 2, schema: dataset.schema,
      changeNote: '首版', diff: null, artifacts: { csv: { sha256: 'ab'.repeat(32), bytes: 3_000_000_000, path: 'ab/abab.csv' } },
    });
    const lock = (datasetPk: number) => ({ datasetPk, owner: 'node-a', n: 2, rowsTable: `ds_${datasetPk}_v2`, acquiredAt: now, expiresAt: now + 30_000 });
    const user = { id: 'u1', email: 'a@example.org', passwordHash: 'x', name: '张三', departmentId: 'dept-a', createdAt: '2026-01-01T00:00:00.000Z' };
    const session = { idHash: 'h1', userId: 'u1', expiresAt: now + 86_400_000 };

    const s = sqliteCatalog;
    sqliteDb.insert(s.departments).values(department).run();
    sqliteDb.insert(s.themes).values(theme).run();
    const sqlitePk = sqliteDb.insert(s.datasets).values(dataset).returning({ pk: s.datasets.pk }).get().pk;
    sqliteDb.insert(sqliteVersions.versions).values(version(sqlitePk)).run();
    sqliteDb.update(sqliteVersions.versions).set({ status: 'withdrawn' }).where(eq(sqliteVersions.versions.datasetPk, sqlitePk)).run();
    sqliteDb.insert(sqliteVersions.publishLocks).values(lock(sqlitePk)).run();
    sqliteDb.insert(sqliteAuth.users).values(user).run();
    sqliteDb.insert(sqliteAuth.sessions).values(session).run();

    const p = pgCatalog;
    await pgDb.insert(p.departments).values(department);
    await pgDb.insert(p.themes).values(theme);
    const [inserted] = await pgDb.insert(p.datasets).values(dataset).returning({ pk: p.datasets.pk });
    const pgPk = inserted!.pk;
    await pgDb.insert(pgVersions.versions).values(version(pgPk));
    await pgDb.update(pgVersions.versions).set({ status: 'withdrawn' }).where(eq(pgVersions.versions.datasetPk, pgPk));
    await pgDb.insert(pgVersions.publishLocks).values(lock(pgPk));
    await pgDb.insert(pgAuth.users).values(user);
    await pgDb.insert(pgAuth.sessions).values(session);

    expect(pgPk).toBe(sqlitePk);
    expect(await pgDb.select().from(p.departments)).toEqual(sqliteDb.select().from(s.departments).all());
    expect(await pgDb.select().from(p.themes)).toEqual(sqliteDb.select().from(s.themes).all());
    const pgDatasets = await pgDb.select().from(p.datasets);
    expect(pgDatasets[0]?.keywords).toEqual(['公交', '站点']);
    expect(pgDatasets).toEqual(sqliteDb.select().from(s.datasets).all());
    expect(await pgDb.select().from(pgVersions.versions)).toEqual(sqliteDb.select().from(sqliteVersions.versions).all());
    const pgLocks = await pgDb.select().from(pgVersions.publishLocks);
    expect(pgLocks[0]?.acquiredAt).toBe(now);
    expect(pgLocks).toEqual(sqliteDb.select().from(sqliteVersions.publishLocks).all());
    expect(await pgDb.select().from(pgAuth.users)).toEqual(sqliteDb.select().from(sqliteAuth.users).all());
    expect(await pgDb.select().from(pgAuth.sessions)).toEqual(sqliteDb.select().from(sqliteAuth.sessions).all());

    const sqliteGeneration = asSqlite(sqliteDb).$client.prepare('SELECT generation FROM catalog_state WHERE id = 1').pluck().get();
    const [pgGeneration] = await sql<{ generation: number }[]>`SELECT generation FROM catalog_state WHERE id = 1`;
    expect(sqliteGeneration).toBeGreaterThan(0);
    expect(pgGeneration?.generation).toBe(sqliteGeneration);
  });
});
