import { sql } from 'drizzle-orm';
import { rowsOf, type PgDb } from '../../db/engine.js';
import type { VersionDiff } from '../versions.table.js';
import type { VersionTable } from '../diff.js';
import { primaryKeyOf, quoteIdent } from './rows-table.js';
import { countRowsPg } from './rows-table.pg.sql.js';
import type { FieldSpec } from '../../lib/field-spec.js';

/** As in diff-tables.sql.ts: what a stored value becomes in JSON (values of different kinds never compare equal). */
const jsonKind = (type: FieldSpec['type']) => (type === 'integer' || type === 'number' ? 'number' : type === 'boolean' ? 'boolean' : 'string');

/**
 * The twin of `diffTables`: one join of the new table with the old on the primary key. Values of the same JSON kind
 * compare as stored (`IS DISTINCT FROM`: 1 and 1.0 are the same number), of different kinds equal only when both
 * are null; a column the old schema lacks was null.
 */
export async function diffTablesPg(db: PgDb, previous: VersionTable, next: VersionTable): Promise<VersionDiff> {
  const [oldCount, newCount] = [await countRowsPg(db, previous.table), await countRowsPg(db, next.table)];
  const pk = primaryKeyOf(next.schema);
  const oldPk = previous.schema.find((f) => f.name === pk.name);
  if (!oldPk || jsonKind(oldPk.type) !== jsonKind(pk.type)) return { added: newCount, removed: oldCount, changed: 0 };
  const differs = next.schema
    .filter((f) => f !== pk)
    .map((f) => {
      const col = quoteIdent(f.name);
      const old = previous.schema.find((o) => o.name === f.name);
      if (!old) return `n.${col} IS NOT NULL`;
      if (jsonKind(old.type) !== jsonKind(f.type)) return `(n.${col} IS NOT NULL OR o.${col} IS NOT NULL)`;
      return `n.${col} IS DISTINCT FROM o.${col}`;
    });
  const changedSql = differs.length ? `COUNT(*) FILTER (WHERE ${differs.join(' OR ')})` : '0';
  const key = quoteIdent(pk.name);
  const [row] = await rowsOf<{ matched: number; changed: number }>(
    db,
    sql.raw(`SELECT COUNT(*) AS matched, ${changedSql} AS changed FROM ${quoteIdent(next.table)} n JOIN ${quoteIdent(previous.table)} o ON o.${key} = n.${key}`),
  );
  return { added: newCount - row!.matched, removed: oldCount - row!.matched, changed: Number(row!.changed) };
}
