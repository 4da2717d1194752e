import { quoteIdent } from '../versions/rows/index.js';
import { sortColumn } from './records.sql.js';
import { direction, orderByPg } from './records.pg.sql.js';
import { recordJsonSqlPg } from './records.pg.json.js';
import { createLru } from './records.lru.js';
import type { PageShape } from './records.page-sql.js';
import type { Access } from './records.access-path.js';

/**
 * The twin of records.page-sql.ts's page query. PostgreSQL has no INDEXED BY and plans from its own statistics; of
 * the access path it takes only `sortMatches`: the matches are read in a subquery the planner may not flatten
 * (`OFFSET 0`), so it finds them through a filter's index and sorts them, rather than walk a sort index looking for
 * them. For JSON the record texts are built by an outer query over the page's rows only, as on SQLite.
 */
function pageSqlPg(shape: PageShape, where: string, limit: number, access: Access, json: boolean): string {
  if (!Number.isSafeInteger(limit) || limit < 1) throw new Error(`records reader: bad limit ${limit}`);
  const { table, keys, fields } = shape;
  const filtered = `${table}${where ? ` WHERE ${where}` : ''}`;
  const source = access.sortMatches ? `(SELECT * FROM ${filtered} OFFSET 0) AS matches` : filtered;
  const from = ` FROM ${source} ORDER BY ${orderByPg(keys)} LIMIT ${limit + 1}`;
  if (!json) return `SELECT ${[...keys.map(sortColumn), ...fields.map((f) => quoteIdent(f.name))].join(', ')}${from}`;
  const names = keys.map((_, i) => `_k${i}`);
  const inner = `SELECT ${[...keys.map((k, i) => `${sortColumn(k)} AS ${names[i]}`), ...fields.map((f) => quoteIdent(f.name))].join(', ')}${from}`;
  const outerOrder = keys.map((k, i) => `${names[i]} ${direction(k)}`).join(', ');
  return `SELECT ${names.join(', ')}, ${recordJsonSqlPg(fields)} FROM (${inner}) AS page ORDER BY ${outerOrder}`;
}

/** `pageSqlPg` remembered per shape, as `createPageSqlCache` does (same signature). */
export function createPgPageSqlCache(max = 1024) {
  const texts = createLru<string, string>(max);
  return (shape: PageShape, where: string, limit: number, access: Access, json: boolean): string => {
    const key = `${json ? 'j' : 'r'}${access.sortMatches ? '+' : ''}${limit}|${shape.table}|${shape.fieldsKey}|${orderByPg(shape.keys)}|${where}`;
    return texts.get(key) ?? texts.set(key, pageSqlPg(shape, where, limit, access, json));
  };
}
