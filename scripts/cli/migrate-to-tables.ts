import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Sql } from 'postgres';
import type { FieldSpec } from '../../src/lib/field-spec.js';
import { copyRows, copyText, createRowsTableSql, pgIndexStatements, quoteIdent } from '../../src/versions/rows/index.js';
import { countSource, pgJournal, type Source, type SourceTable } from './migrate-to-source.js';

// The PostgreSQL side of `migrate-to`: the app's tables in foreign-key order, each with one COPY FROM STDIN fed
// from a SQLite cursor (a chunk at a time, never a whole table in memory), explicit ids included; then the identity
// sequences moved past them; then each version's rows table, created, filled and indexed in one transaction.

export type TableResult = { name: string; rows: number; copied: boolean };

/** Refuses a target migrated by a newer Kaifang (its migrations would not be ours); an older or empty one is migrated. */
export async function checkTargetSchema(client: Sql): Promise<void> {
  const [table] = await client`SELECT to_regclass('drizzle.__drizzle_migrations')::text AS name`;
  if (!table?.name) return;
  const [applied] = await client`SELECT COUNT(*)::int AS count, MAX(created_at)::bigint AS last FROM drizzle.__drizzle_migrations`;
  const known = pgJournal();
  if (Number(applied!.count) > known.count || Number(applied!.last) > known.lastWhen) {
    throw new Error(`schema version mismatch: the target database is at migration ${applied!.count}, this Kaifang's is ${known.count}; migrate with the release that created it`);
  }
}

/** The target's tables and their columns (current schema). */
async function targetColumns(client: Sql): Promise<Map<string, Set<string>>> {
  const rows = await client<{ table: string; column: string }[]>`
    SELECT table_name::text AS table, column_name::text AS column FROM information_schema.columns WHERE table_schema = current_schema()`;
  const out = new Map<string, Set<string>>();
  for (const r of rows) out.set(r.table, (out.get(r.table) ?? new Set()).add(r.column));
  return out;
}

// Not copied: state PostgreSQL keeps itself (its catalog generation, made by its migrations) and publish leases,
// which belong to the source's processes (a lease names a rows table those processes were writing).
const notCopied = new Set(['catalog_state', 'publish_locks']);

/**
 * The tables to copy, parents before children (foreign keys of the target). Fails when the source has a table or
 * column the target lacks: the two would not be the same schema.
 */
export async function tablesInOrder(client: Sql, source: Source): Promise<SourceTable[]> {
  const target = await targetColumns(client);
  const tables = source.tables.filter((t) => !notCopied.has(t.name));
  for (const t of tables) {
    const columns = target.get(t.name);
    const missing = columns ? t.columns.filter((c) => !columns.has(c)) : ['(the table)'];
    if (missing.length) throw new Error(`schema mismatch: the target has no ${t.name}.${missing.join(`, ${t.name}.`)}`);
  }
  const fks = await client<{ child: string; parent: string }[]>`
    SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent FROM pg_constraint c
    WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace`;
  const parents = (name: string) => fks.filter((f) => f.child.replace(/"/g, '') === name && f.parent.replace(/"/g, '') !== name).map((f) => f.parent.replace(/"/g, ''));
  const ordered: SourceTable[] = [];
  const visit = (t: SourceTable, path: string[]) => {
    if (ordered.includes(t)) return;
    if (path.includes(t.name)) throw new Error(`foreign keys form a loop: ${[...path, t.name].join(' -> ')}`);
    for (const p of parents(t.name)) {
      const parent = tables.find((x) => x.name === p);
      if (parent) visit(parent, [...path, t.name]);
    }
    ordered.push(t);
  };
  for (const t of tables) visit(t, []);
  return ordered;
}

export const countTarget = async (client: Sql, table: string): Promise<number> =>
  Number((await client.unsafe(`SELECT COUNT(*)::bigint AS n FROM ${quoteIdent(table)}`))[0]!.n);

export const targetTableExists = async (client: Sql, table: string): Promise<boolean> =>
  (await client`SELECT 1 FROM pg_tables WHERE schemaname = current_schema() AND tablename = ${table}`).length > 0;

/** Copies one table in one statement (all or nothing), reading the source a row at a time. */
async function copyTable(client: Sql, source: Source, table: SourceTable): Promise<number> {
  const columns = table.columns.map(quoteIdent).join(', ');
  const rows = source.db.prepare(`SELECT ${columns} FROM ${quoteIdent(table.name)}`).raw(true).iterate() as IterableIterator<unknown[]>;
  async function* lines() {
    let chunk = '';
    for (const values of rows) {
      chunk += `${values.map((v) => (Buffer.isBuffer(v) ? `\\\\x${v.toString('hex')}` : copyText(v))).join('\t')}\n`;
      if (chunk.length > 65_536) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk) yield chunk;
  }
  await client.begin(async (tx) => {
    await pipeline(Readable.from(lines()), await tx.unsafe(`COPY ${quoteIdent(table.name)} (${columns}) FROM STDIN`).writable());
  });
  return await countTarget(client, table.name);
}

/**
 * A table is copied when it is empty in the target, skipped when its count already equals the source's (`resume`),
 * and anything else is refused: half-copied tables cannot happen (each COPY is one statement), so a differing count
 * means the source changed since the first run or the target holds other data.
 */
export async function copyTables(client: Sql, source: Source, tables: SourceTable[], onTable: (r: TableResult) => void): Promise<TableResult[]> {
  const results: TableResult[] = [];
  for (const t of tables) {
    const want = countSource(source, t.name);
    const have = await countTarget(client, t.name);
    if (have === want) {
      results.push({ name: t.name, rows: have, copied: false }); // already there, or empty in both
    } else if (have !== 0) {
      throw new Error(`${t.name} has ${have} rows in the target and ${want} in the source: the source changed since the last run, or the target holds other data; migrate into an empty database`);
    } else {
      results.push({ name: t.name, rows: await copyTable(client, source, t), copied: true });
    }
    onTable(results.at(-1)!);
  }
  return results;
}

/** Moves every identity sequence past the highest id copied (and past SQLite's AUTOINCREMENT high-water mark). */
export async function moveSequences(client: Sql, source: Source): Promise<number> {
  const identities = await client<{ table: string; column: string }[]>`
    SELECT table_name::text AS table, column_name::text AS column FROM information_schema.columns
    WHERE table_schema = current_schema() AND is_identity = 'YES'`;
  for (const { table, column } of identities) {
    const [row] = await client.unsafe(`SELECT COALESCE(MAX(${quoteIdent(column)}), 0)::bigint AS max FROM ${quoteIdent(table)}`);
    const next = Math.max(Number(row!.max), source.sequences.get(table) ?? 0) + 1;
    await client`SELECT setval(pg_get_serial_sequence(${quoteIdent(table)}, ${column}), ${next}, false)`;
  }
  return identities.length;
}

/** A version's rows table: created, filled with the source's `_rowid`s and values, and indexed, in one transaction. */
export async function copyRowsTable(client: Sql, source: Source, table: string, schema: FieldSpec[]): Promise<number> {
  const columns = ['_rowid', ...schema.map((f) => quoteIdent(f.name))].join(', ');
  const rows = source.db.prepare(`SELECT ${columns} FROM ${quoteIdent(table)} ORDER BY _rowid`).raw(true).iterate() as IterableIterator<unknown[]>;
  return await client.begin(async (tx) => {
    await tx.unsafe(createRowsTableSql(table, schema));
    const count = await copyRows(tx, table, schema, rows);
    for (const statement of pgIndexStatements(table, schema)) await tx.unsafe(statement);
    return count;
  });
}
