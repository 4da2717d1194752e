import type { FieldSpec } from '../lib/field-spec.js';
import { quoteIdent } from '../versions/rows/index.js';
import type { SortKey } from './records.query.js';
import { orderBy, sortColumn } from './records.sql.js';
import { recordJsonSql } from './records.json.js';
import { createLru } from './records.lru.js';
import type { Access } from './records.access-path.js';

/** What a page query's SQL text depends on besides its WHERE: `fieldsKey` names `fields` (they are not compared). */
export type PageShape = { table: string; keys: SortKey[]; fields: FieldSpec[]; fieldsKey: string };

/**
 * The SQL text of a page query: sort keys, then the selected fields. For JSON, SQLite writes each record's JSON
 * text in an outer query over the page, so only the page's rows are encoded (a sort keeps whole result rows for
 * every match); the outer ORDER BY keeps the order (and keeps SQLite from merging the two queries). LIMIT is
 * written into the SQL, not bound: SQLite (3.47+) plans with a bound LIMIT's value and so expires the statement
 * whenever it is bound again, recompiling the whole page query on every run (~40 µs for a JSON page).
 */
function pageSql(shape: PageShape, where: string, limit: number, access: Access, json: boolean): string {
  if (!Number.isSafeInteger(limit) || limit < 1) throw new Error(`records reader: bad limit ${limit}`);
  const { table, keys, fields } = shape;
  const order = ` ORDER BY ${access.sortMatches ? '+' : ''}${orderBy(keys)} LIMIT ${limit + 1}`;
  const from = ` FROM ${table}${access.hint}${where ? ` WHERE ${where}` : ''}${order}`;
  if (!json) return `SELECT ${[...keys.map(sortColumn), ...fields.map((f) => quoteIdent(f.name))].join(', ')}${from}`;
  const names = keys.map((_, i) => `_k${i}`);
  const inner = `SELECT ${[...keys.map((k, i) => `${sortColumn(k)} AS ${names[i]}`), ...fields.map((f) => quoteIdent(f.name))].join(', ')}${from}`;
  const outerOrder = keys.map((k, i) => `${names[i]} ${k.desc ? 'DESC' : 'ASC'}`).join(', ');
  return `SELECT ${names.join(', ')}, ${recordJsonSql(fields)} FROM (${inner}) ORDER BY ${outerOrder}`;
}

/**
 * `pageSql`, remembered per shape under a short key: a request then builds only its WHERE, and gets the same
 * string object as before, which the statement cache finds without hashing kilobytes of SQL again.
 */
export function createPageSqlCache(max = 1024) {
  const texts = createLru<string, string>(max);
  return (shape: PageShape, where: string, limit: number, access: Access, json: boolean): string => {
    const key = `${json ? 'j' : 'r'}${access.sortMatches ? '+' : ''}${limit}|${access.hint}|${shape.table}|${shape.fieldsKey}|${orderBy(shape.keys)}|${where}`;
    return texts.get(key) ?? texts.set(key, pageSql(shape, where, limit, access, json));
  };
}
