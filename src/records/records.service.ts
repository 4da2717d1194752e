import type { Db } from '../db/client.js';
import type { FieldSpec } from '../lib/field-spec.js';
import { toMatchQuery } from '../lib/segment.js';
import { quoteIdent, type Row, type RowValue, indexesByColumn, indexesByColumnPg } from '../versions/rows/index.js';
import type { SqlValue } from './records.coerce.js';
import type { Filter, RecordsQuery } from './records.query.js';
import type { RecordsTarget } from './records.target.js';
import { keysetClause, orderKeys, whereClauses, type Clause } from './records.sql.js';
import { scopedMatch } from './records.fts.js';
import { createLru } from './records.lru.js';
import type { CostModel } from './records.cost.js';
import { createStatementRunner, type Statement } from './records-statements.sql.js';
import { QueryOverBudget, type QueryPool } from './query-pool.js';
import { tooExpensive } from './records.expensive.js';
import type { SearchIndexer } from './search-index.js';
import type { RowWalk } from './records.stream.js';
import { chooseAccess, type Access } from './records.access-path.js';
import { createPageSqlCache, type PageShape } from './records.page-sql.js';
import { isUnspellable } from './records.json.js';
import { isPg, type PgDb } from '../db/engine.js';
import { whereClausesPg } from './records.pg.sql.js';
import { createPgPageSqlCache } from './records.pg.page-sql.js';
import { scopedSearchPg } from './search-index.pg.sql.js';
import type { BudgetedReads } from './records-budget.pg.js';

/** Where a page ended: the last row's sort values, `_rowid` last. */
export type Position = (SqlValue | null)[];
export type RecordsPage = { rows: Row[]; next: Position | null };
/** A page whose records are JSON texts, in order, each exactly `JSON.stringify` of the record. */
export type JsonPage = { json: string[]; next: Position | null; total: number };

type Plan = PageShape & { where: Clause[]; empty: boolean; filterColumns: string[]; filters: Filter[]; fullText: boolean };
/** Reads of large versions that no index bounds run in `pool`, chosen by `cost`; without them all run here. */
export type Offload = { pool: QueryPool; cost: CostModel };

/**
 * Rows a worker reads for a stream per query: each query of a walk no index bounds scans the version again (and
 * sorts it, for an unindexed sort), so fewer, larger chunks, up to 10,000 rows. The serving thread copies each chunk
 * out of the worker's message in one go (~4.6 ms for 10,000 rows of 12 values), so at most ~60,000 values a chunk;
 * it then takes them in slices (pumpRows).
 */
const offThreadChunk = (columns: number) => Math.max(1000, Math.min(10_000, Math.floor(60_000 / columns)));

// In the workers: a JavaScript call every 1024 rows read, where a terminated worker stops (query-worker.mjs).
const live: Clause = { sql: '(_rowid & 1023 OR kf_live())', params: [] };

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
export function createRecordsReader(db: Db, search?: SearchIndexer, sqliteOffload?: Offload, pgReads?: BudgetedReads) {
  // PostgreSQL: on the records pool whose statements stop at the time budget (records-budget.pg.ts), when the app has one.
  const runHere = pgReads?.run ?? createStatementRunner(db);
  // PostgreSQL (records.pg.*.ts): its own WHERE and page SQL (the keyset clause is shared); it plans access paths itself, and a query
  // there never holds this thread, so nothing is offloaded to workers (they read SQLite files).
  const pg = isPg(db);
  const offload = pg ? undefined : sqliteOffload;
  const where = pg ? whereClausesPg : whereClauses;
  const totals = createLru<string, number>(2048);
  const indexes = new Map<string, Map<string, string>>();
  const pageSql = pg ? createPgPageSqlCache() : createPageSqlCache();

  /** The full-text condition of `q`, searching only the fields the caller may see; null: nothing can match. */
  function ftsMatch(target: RecordsTarget, query: RecordsQuery): { table: string; match: string } | null {
    const match = toMatchQuery(query.q!);
    if (!match) return null;
    if (!search) throw new Error('records reader: q needs the search indexer');
    const table = search.searchTable(target);
    if (pg) return table ? scopedSearchPg(table, match, target.schema, query.visible) : null;
    const scoped = table ? scopedMatch(match, target.schema, query.visible) : null;
    return table && scoped ? { table, match: scoped } : null;
  }

  function plan(target: RecordsTarget, query: RecordsQuery): Plan {
    const fts = query.q ? ftsMatch(target, query) : null;
    const filterColumns = [...new Set(query.filters.map((f) => f.field.name))];
    // The version's own schema array (no `fields=`, nothing hidden) is the common case: no need to spell it.
    const fieldsKey = query.fields === target.schema ? '*' : query.fields.map((f) => f.name).join(',');
    return { table: quoteIdent(target.table), where: where(query.filters, fts), keys: orderKeys(query.sort), fields: query.fields, fieldsKey, empty: Boolean(query.q && !fts), filterColumns, filters: query.filters, fullText: Boolean(fts) };
  }

  function indexesOf(table: string): Map<string, string> {
    let byColumn = indexes.get(table);
    if (!byColumn) indexes.set(table, (byColumn = indexesByColumn(db, table)));
    return byColumn;
  }

  /** How the page reads its rows, decided from the exact total (see chooseAccess). */
  const pgIndexes = new Map<string, Promise<Map<string, string>>>();
  function pgIndexesOf(table: string): Promise<Map<string, string>> {
    let byColumn = pgIndexes.get(table);
    if (!byColumn) pgIndexes.set(table, (byColumn = indexesByColumnPg(db as PgDb, table)));
    return byColumn;
  }

  /**
   * How the page reads its rows, decided from the exact total (see chooseAccess). PostgreSQL plans from its own
   * statistics but not from how two columns go together: a filter keeping 4% of the rows, sorted on a column that
   * rises with the filtered one, was read by walking the sort column's index past 18,000 rows (6 ms) rather than
   * reading the 871 matches and sorting them (0.6 ms). There the total decides too, and only whether to sort the
   * matches (records.pg.page-sql.ts).
   */
  const accessPath = async (target: RecordsTarget, p: Plan, total: number, limit: number): Promise<Access> =>
    chooseAccess(pg ? await pgIndexesOf(target.table) : indexesOf(target.table), p.filters, p.fullText, p.keys, total, limit, target.rowCount);

  /** The page query (see records.page-sql.ts) after `after`; in a worker, with the check that lets it be cancelled. */
  function pageStatement(p: Plan, after: Position | null, limit: number, access: Access, json: boolean, inWorker: boolean): Statement {
    const conds = [...p.where, ...(after ? [keysetClause(p.keys, after)] : []), ...(inWorker ? [live] : [])];
    return { sql: pageSql(p, conds.map((c) => c.sql).join(' AND '), limit, access, json), params: conds.flatMap((c) => c.params), mode: 'all' };
  }

  function countStatement(p: Plan, inWorker: boolean): Statement {
    const conds = inWorker ? [...p.where, live] : p.where;
    return { sql: `SELECT COUNT(*) FROM ${p.table} WHERE ${conds.map((c) => c.sql).join(' AND ')}`, params: conds.flatMap((c) => c.params), mode: 'get' };
  }

  /** Splits `limit + 1` raw rows into the page and the position after it. */
  function cut(p: Plan, raw: unknown[][], limit: number): { raw: unknown[][]; next: Position | null } {
    const more = raw.length > limit;
    if (more) raw.pop();
    const last = raw.at(-1);
    return { raw, next: more && last ? (last.slice(0, p.keys.length) as Position) : null };
  }

  async function readPage(p: Plan, after: Position | null, limit: number, path: Access): Promise<RecordsPage> {
    if (p.empty) return { rows: [], next: null };
    const { raw, next } = cut(p, await runHere(pageStatement(p, after, limit, path, false, false)) as unknown[][], limit);
    return { rows: raw.map(toRecordMaker(p.fields, p.keys.length)), next };
  }

  async function total(target: RecordsTarget, query: RecordsQuery, p: Plan): Promise<number> {
    if (p.empty) return 0;
    if (!p.where.length) return target.rowCount;
    const key = `${target.table}|${query.shape}`;
    return totals.get(key) ?? totals.set(key, await runHere(countStatement(p, false)) as number);
  }

  /** Runs `s` in the pool (as rewritten for a worker) or here; over the budget: 503 query_too_expensive. */
  async function run(target: RecordsTarget, query: RecordsQuery, here: Statement, inWorker: () => Statement, offThread: boolean): Promise<unknown> {
    try {
      return offload && offThread ? (await offload.pool.run([inWorker()]))[0] : await runHere(here);
    } catch (err) {
      if (err instanceof QueryOverBudget) throw tooExpensive(target, query, pg ? await pgIndexesOf(target.table) : indexesOf(target.table), err.budgetMs);
      throw err;
    }
  }

  /** The exact total; an unseen filter's count on a large version is computed in a worker. */
  async function totalAsync(target: RecordsTarget, query: RecordsQuery, p: Plan): Promise<number> {
    if (p.empty) return 0;
    if (!p.where.length) return target.rowCount;
    const key = `${target.table}|${query.shape}`;
    const cached = totals.get(key);
    if (cached !== undefined) return cached;
    const n = (await run(target, query, countStatement(p, false), () => countStatement(p, true), Boolean(offload?.cost.isLarge(target.rowCount)))) as number;
    return totals.set(key, n);
  }

  /** One page read, here when an index bounds it (or the version is small), else in a worker. */
  async function pageRaw(target: RecordsTarget, query: RecordsQuery, p: Plan, after: Position | null, limit: number, path: Access, json: boolean) {
    const here = pageStatement(p, after, limit, path, json, false);
    const offThread = offload?.cost.isLarge(target.rowCount) ? !offload.cost.pageIsCheap(target.rowCount, json ? pageStatement(p, after, limit, path, false, false) : here, p.filterColumns, path.hint !== '') : false;
    const raw = (await run(target, query, here, () => pageStatement(p, after, limit, path, json, true), offThread)) as unknown[][];
    return { ...cut(p, raw, limit), offThread };
  }

  return {
    /** One page of at most `limit` records after `after`, and the exact total of the filtered result. */
    async page(target: RecordsTarget, query: RecordsQuery, after: Position | null, limit: number): Promise<RecordsPage & { total: number }> {
      const p = plan(target, query);
      const n = await total(target, query, p);
      return { ...await readPage(p, after, limit, await accessPath(target, p, n, limit)), total: n };
    },
    /** As `page`, never holding the serving thread on a scan (see Offload); records as row objects. */
    async rowsPage(target: RecordsTarget, query: RecordsQuery, after: Position | null, limit: number): Promise<RecordsPage & { total: number }> {
      const p = plan(target, query);
      const n = await totalAsync(target, query, p);
      if (p.empty) return { rows: [], next: null, total: n };
      const { raw, next } = await pageRaw(target, query, p, after, limit, await accessPath(target, p, n, limit), false);
      return { rows: raw.map(toRecordMaker(p.fields, p.keys.length)), next, total: n };
    },
    /** As `rowsPage`, with each record as its JSON text, built by SQLite (or here when SQL cannot spell a value identically). */
    async jsonPage(target: RecordsTarget, query: RecordsQuery, after: Position | null, limit: number): Promise<JsonPage> {
      const p = plan(target, query);
      if (p.empty) return { json: [], next: null, total: await totalAsync(target, query, p) };
      // The access path depends on the total (see accessPath), so the count goes first.
      const n = await totalAsync(target, query, p);
      const path = await accessPath(target, p, n, limit);
      const at = p.keys.length;
      const built = await pageRaw(target, query, p, after, limit, path, true).catch((err: unknown) => {
        if (isUnspellable(err)) return null;
        throw err;
      });
      if (built && built.raw.every((r) => r[at] !== null)) return { json: built.raw.map((r) => r[at] as string), next: built.next, total: n };
      const again = await pageRaw(target, query, p, after, limit, path, false);
      const make = toRecordMaker(p.fields, at);
      return { json: again.raw.map((r) => JSON.stringify(make(r))), next: again.next, total: n };
    },
    totalAsync(target: RecordsTarget, query: RecordsQuery): Promise<number> {
      return totalAsync(target, query, plan(target, query));
    },
    /**
     * The whole result after `after`, read by keyset (no OFFSET) a chunk at a time, for streaming. Chunks a worker
     * must read (see Offload) are read there, `offThreadChunk` rows at a time, and handed out here in the slices asked
     * for, each turned into records only when asked: every such chunk scans (and sorts) the table again.
     */
    async walk(target: RecordsTarget, query: RecordsQuery, after: Position | null): Promise<RowWalk> {
      const p = plan(target, query);
      const path = await accessPath(target, p, await totalAsync(target, query, p), 500);
      const offThread = !p.empty && offload ? !offload.cost.pageIsCheap(target.rowCount, pageStatement(p, after, 500, path, false, false), p.filterColumns, path.hint !== '') : false;
      const make = toRecordMaker(p.fields, p.keys.length);
      let position = after;
      let exhausted = p.empty;
      let buffered: unknown[][] = [];
      let at = 0;
      const take = (page: { rows: Row[]; next: Position | null }) => {
        position = page.next;
        exhausted = !page.next;
        return page.rows;
      };
      return {
        offThread,
        async read(limit: number): Promise<Row[]> {
          if (!offThread) return exhausted ? [] : take(await readPage(p, position, limit, path));
          if (at === buffered.length) {
            if (exhausted) return [];
            const { raw, next } = await pageRaw(target, query, p, position, offThreadChunk(p.keys.length + p.fields.length), path, false);
            [buffered, at, position, exhausted] = [raw, 0, next, !next];
          }
          const slice = buffered.slice(at, at + limit);
          at += slice.length;
          return slice.map(make);
        },
        get done() {
          return exhausted && at === buffered.length;
        },
      };
    },
  };
}

export type RecordsReader = ReturnType<typeof createRecordsReader>;
