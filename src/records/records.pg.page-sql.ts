import { quoteIdent } from '../versions/rows/index.js';
import { sortColumn } from './records.sql.js';
import { direction, orderByPg } from './records.pg.sql.js';
import { recordJsonSqlPg } from './records.pg.json.js';
import { createLru } from './records.lru.js';
import type { PageShape } from './records.page-sql.js';
import type { Access } from './records.access-path.js';

/**
 * The twin of records.page-sql.ts's page query. PostgreSQL has no INDEXED BY and plans from its own statistics,
 * so the access path is not written into the SQL (the reader passes the default one). For JSON the record texts are
 * built by an outer query over the page's rows only, as on SQLite.
 */
function pageSqlPg(shape: PageShape, where: string, limit: number, json: boolean): string {
  if (!Number.isSafeInteger(limit) || limit < 1) throw new Error(`records reader: bad limit ${limit}`);
  const { table, keys, fields } = shape;
  const from = ` FROM ${table}${where ? ` WHERE ${where}` : ''} ORDER BY ${orderByPg(keys)} LIMIT ${limit + 1}`;
  if (!json) return `SELECT ${[...keys.map(sortColumn), ...fields.map((f) => quoteIdent(f.name))].join(', ')}${from}`;
  const names = keys.map((_, i) => `_k${i}`);
  const inner = `SELECT ${[...keys.map((k, i) => `${sortColumn(k)} AS ${names[i]}`), ...fields.map((f) => quoteIdent(f.name))].join(', ')}${from}`;
  const outerOrder = keys.map((k, i) => `${names[i]} ${direction(k)}`).join(', ');
  return `SELECT ${names.join(', ')}, ${recordJsonSqlPg(fields)} FROM (${inner}) AS page ORDER BY ${outerOrder}`;
}

/** `pageSqlPg` remembered per shape, as `createPageSqlCache` does (same signature; `access` is not used). */
export function createPgPageSqlCache(max = 1024) {
  const texts = createLru<string, string>(max);
  return (shape: PageShape, where: string, limit: number, _access: Access, json: boolean): string => {
    const key = `${json ? 'j' : 'r'}${limit}|${shape.table}|${shape.fieldsKey}|${orderByPg(shape.keys)}|${where}`;
    return texts.get(key) ?? texts.set(key, pageSqlPg(shape, where, limit, json));
  };
}
