import type Database from 'better-sqlite3';
import type { Db } from '../db/client.js';
import type { FieldSpec } from '../lib/field-spec.js';
import { toMatchQuery } from '../lib/segment.js';
import { quoteIdent, type Row, type RowValue } from './rows-table.js';
import type { SqlValue } from './records.coerce.js';
import type { RecordsQuery, SortKey } from './records.query.js';
import type { RecordsTarget } from './records.target.js';
import { keysetClause, orderBy, orderKeys, sortColumn, whereClauses, type Clause } from './records.sql.js';
import { scopedMatch } from './records.fts.js';
import { createLru } from './records.lru.js';
import type { SearchIndexer } from './search-index.js';
import type { RowWalk } from './records.stream.js';

/** Where a page ended: the last row's sort values, `_rowid` last. */
export type Position = (SqlValue | null)[];
export type RecordsPage = { rows: Row[]; next: Position | null };

type Plan = { table: string; where: Clause[]; keys: SortKey[]; select: string; fields: FieldSpec[]; empty: boolean };

function toRecordMaker(fields: FieldSpec[], offset: number): (raw: unknown[]) => Row {
  const names = fields.map((f) => f.name);
  const booleans = fields.map((f) => f.type === 'boolean');
  return (raw) => {
    const out: Row = {};
    for (let i = 0; i < names.length; i++) {
      const v = raw[offset + i] as RowValue;
      out[names[i]!] = booleans[i] && v !== null ? v === 1 : v;
    }
    return out;
  };
}

/**
 * Reads records of immutable version tables: statements prepared once per query shape (LRU),
 * filtered totals cached per version and filter (a published version never changes). `q` needs
 * `search` (the worker-built full-text indexes); callers without it never pass `q`.
 */
export function createRecordsReader(db: Db, search?: SearchIndexer) {
  const sqlite = db.$client;
  const statements = createLru<string, Database.Statement>(256);
  const totals = createLru<string, number>(2048);
  const indexes = new Map<string, Map<string, string>>();

  const prepare = (sql: string, raw: boolean) => {
    const key = `${raw ? 'r' : 'p'}:${sql}`;
    return statements.get(key) ?? statements.set(key, raw ? sqlite.prepare(sql).raw(true) : sqlite.prepare(sql).pluck());
  };

  /** The full-text condition of `q`, searching only the fields the caller may see; null: nothing can match. */
  function ftsMatch(target: RecordsTarget, query: RecordsQuery): { table: string; match: string } | null {
    const match = toMatchQuery(query.q!);
    if (!match) return null;
    if (!search) throw new Error('records reader: q needs the search indexer');
    const table = search.searchTable(target);
    const scoped = table ? scopedMatch(match, target.schema, query.visible) : null;
    return table && scoped ? { table, match: scoped } : null;
  }

  function plan(target: RecordsTarget, query: RecordsQuery): Plan {
    const fts = query.q ? ftsMatch(target, query) : null;
    const keys = orderKeys(query.sort);
    const select = [...keys.map(sortColumn), ...query.fields.map((f) => quoteIdent(f.name))].join(', ');
    return { table: quoteIdent(target.table), where: whereClauses(query.filters, fts), keys, select, fields: query.fields, empty: Boolean(query.q && !fts) };
  }

  function indexesOf(table: string): Map<string, string> {
    let byColumn = indexes.get(table);
    if (!byColumn) {
      const rows = sqlite.prepare('SELECT il.name AS idx, ii.name AS col FROM pragma_index_list(?) il JOIN pragma_index_info(il.name) ii WHERE ii.seqno = 0').all(table) as { idx: string; col: string }[];
      indexes.set(table, (byColumn = new Map(rows.map((r) => [r.col, r.idx]))));
    }
    return byColumn;
  }

  /**
   * Without statistics SQLite reads every row the filter matches and sorts them, even when the filter
   * keeps most of the table and only a page is wanted. When matches are many (total^2 > page * rows),
   * walking the index of the first sort key (or the rowid) and stopping after a page is cheaper.
   */
  function accessPath(target: RecordsTarget, p: Plan, total: number, limit: number): string {
    if (!p.where.length || total * total <= (limit + 1) * target.rowCount) return '';
    const first = p.keys[0]!;
    if (!first.field) return ' NOT INDEXED';
    const index = indexesOf(target.table).get(first.field.name);
    return index ? ` INDEXED BY ${quoteIdent(index)}` : '';
  }

  function readPage(p: Plan, after: Position | null, limit: number, path: string): RecordsPage {
    if (p.empty) return { rows: [], next: null };
    const conds = after ? [...p.where, keysetClause(p.keys, after)] : p.where;
    const where = conds.length ? ` WHERE ${conds.map((c) => c.sql).join(' AND ')}` : '';
    const sql = `SELECT ${p.select} FROM ${p.table}${path}${where} ORDER BY ${orderBy(p.keys)} LIMIT ?`;
    const raw = prepare(sql, true).all(...conds.flatMap((c) => c.params), limit + 1) as unknown[][];
    const more = raw.length > limit;
    if (more) raw.pop();
    const make = toRecordMaker(p.fields, p.keys.length);
    const last = raw.at(-1);
    return { rows: raw.map(make), next: more && last ? (last.slice(0, p.keys.length) as Position) : null };
  }

  function total(target: RecordsTarget, query: RecordsQuery, p: Plan): number {
    if (p.empty) return 0;
    if (!p.where.length) return target.rowCount;
    const key = `${target.table}|${query.shape}`;
    const cached = totals.get(key);
    if (cached !== undefined) return cached;
    const sql = `SELECT COUNT(*) FROM ${p.table} WHERE ${p.where.map((c) => c.sql).join(' AND ')}`;
    return totals.set(key, prepare(sql, false).get(...p.where.flatMap((c) => c.params)) as number);
  }

  return {
    /** One page of at most `limit` records after `after`, and the exact total of the filtered result. */
    page(target: RecordsTarget, query: RecordsQuery, after: Position | null, limit: number): RecordsPage & { total: number } {
      const p = plan(target, query);
      const n = total(target, query, p);
      return { ...readPage(p, after, limit, accessPath(target, p, n, limit)), total: n };
    },
    total(target: RecordsTarget, query: RecordsQuery): number {
      return total(target, query, plan(target, query));
    },
    /** The whole result after `after`, read by keyset (no OFFSET) a chunk of any size at a time, for streaming. */
    walk(target: RecordsTarget, query: RecordsQuery, after: Position | null): RowWalk {
      const p = plan(target, query);
      const path = accessPath(target, p, total(target, query, p), 500);
      let position = after;
      let done = false;
      return {
        read(limit: number): Row[] {
          if (done) return [];
          const page = readPage(p, position, limit, path);
          position = page.next;
          done = !page.next;
          return page.rows;
        },
        get done() {
          return done;
        },
      };
    },
    /** The whole result after `after`, in chunks read by keyset (no OFFSET). */
    *chunks(target: RecordsTarget, query: RecordsQuery, after: Position | null, chunkSize = 1000): Generator<Row[]> {
      const p = plan(target, query);
      const path = accessPath(target, p, total(target, query, p), chunkSize);
      let position = after;
      do {
        const page = readPage(p, position, chunkSize, path);
        if (page.rows.length) yield page.rows;
        position = page.next;
      } while (position);
    },
  };
}

export type RecordsReader = ReturnType<typeof createRecordsReader>;
