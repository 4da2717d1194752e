import type { FieldSpec } from '../../lib/field-spec.js';
import type { VersionDiff } from '../versions.table.js';
import type { VersionTable } from '../diff.js';
import { primaryKeyOf, quoteIdent } from './rows-table.js';
import { sqliteOf, type Connection } from './rows-table.sql.js';

/** What a stored value becomes in JSON: values of different kinds never compare equal (1 is not "1" nor true). */
const jsonKind = (type: FieldSpec['type']) => (type === 'integer' || type === 'number' ? 'number' : type === 'boolean' ? 'boolean' : 'string');

/**
 * The same comparison as `diffRows`, done by SQLite over two rows tables: one pass over the new table, each
 * row looked up by primary key in the old one (its unique index), so memory does not grow with the row count.
 * Values of the same JSON kind compare as stored (1 and 1.0 are the same number, as in JSON); values of
 * different kinds are equal only when both are null.
 */
export function diffTables(c: Connection, previous: VersionTable, next: VersionTable): VersionDiff {
  const count = (table: string) => sqliteOf(c).prepare(`SELECT COUNT(*) FROM ${quoteIdent(table)}`).pluck().get() as number;
  const [oldCount, newCount] = [count(previous.table), count(next.table)];
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
      return `n.${col} IS NOT o.${col}`;
    });
  const changedSql = differs.length ? `COALESCE(SUM(${differs.join(' OR ')}), 0)` : '0';
  const key = quoteIdent(pk.name);
  const { matched, changed } = sqliteOf(c)
    .prepare(`SELECT COUNT(*) AS matched, ${changedSql} AS changed FROM ${quoteIdent(next.table)} n CROSS JOIN ${quoteIdent(previous.table)} o ON o.${key} = n.${key}`)
    .get() as { matched: number; changed: number };
  return { added: newCount - matched, removed: oldCount - matched, changed };
}
