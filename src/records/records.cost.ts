import type { SqliteDb } from '../db/client.js';
import { createLru } from './records.lru.js';
import { explainQueryPlan, type Statement } from './records-statements.sql.js';

/**
 * Versions with fewer rows than this are read on the serving thread whatever the query: a full scan with a
 * filter costs ~60–90 ns a row on this 2-core machine, so 50,000 rows stay under ~5 ms (the catalog's largest
 * seeded version has 40,800). Larger ones read on the serving thread only what an index bounds.
 */
export const largeVersionRows = 50_000;

/** What the query planner's answer says about a page read; a count over a large version is never cheap. */
export type PagePlan = { cheap: boolean; detail: string };

/**
 * Decides whether a page read may run on the serving thread, from SQLite's query plan (EXPLAIN QUERY PLAN,
 * once per statement shape, cached). Expensive on a large version: a temporary b-tree for ORDER BY (every
 * matching row is read and sorted), a full-text subquery (every match is read), or a filter the index
 * SQLite walks does not cover (`SCAN` of the table, or a `SEARCH` that constrains fewer columns than the
 * filters name: the unmatched rows are read one by one until a page is found, possibly all of them).
 */
export function createCostModel(db: SqliteDb, largeRows = largeVersionRows) {
  const plans = createLru<string, PagePlan>(1024);

  function explain(s: Statement, filterColumns: string[], bounded: boolean): PagePlan {
    const lines = explainQueryPlan(db, s);
    const detail = lines.join('; ');
    if (lines.some((l) => l.includes('TEMP B-TREE') || l.includes('VIRTUAL TABLE'))) return { cheap: false, detail };
    if (!filterColumns.length || bounded) return { cheap: true, detail };
    const access = lines.find((l) => /^(SCAN|SEARCH) /.test(l)) ?? '';
    const constrained = /\((.*)\)$/.exec(access)?.[1] ?? '';
    const covered = access.startsWith('SEARCH') && filterColumns.every((c) => new RegExp(`\\b${c}[=<>]`).test(constrained));
    return { cheap: covered, detail };
  }

  return {
    isLarge: (rows: number) => rows >= largeRows,
    /**
     * Whether a page read of a version of `rows` rows may run on the serving thread. `bounded`: the reader
     * forced a walk in sort order that stops after a page (the filters match many rows). GLOB plans differ
     * for a leading wildcard (contains) and a prefix (startswith), so that is part of the cache key.
     */
    pageIsCheap(rows: number, s: Statement, filterColumns: string[], bounded: boolean): boolean {
      if (rows < largeRows) return true;
      const globs = s.params.map((p) => (typeof p === 'string' && p.startsWith('*') ? '*' : '.')).join('');
      const key = `${s.sql}|${globs}|${bounded ? 1 : 0}`;
      return (plans.get(key) ?? plans.set(key, explain(s, filterColumns, bounded))).cheap;
    },
  };
}

export type CostModel = ReturnType<typeof createCostModel>;
