import type { FieldSpec } from '../lib/field-spec.js';
import type { Row } from './rows/rows-table.js';
import { cityDay, distinctCap, exampleCount, type FieldQuality, type QualityFinding, type QualityProfile } from './quality.js';

type Value = Row[string] | undefined;

/**
 * SQL's order of the stored values: numbers by value, text by code unit (the rows tables order text by its bytes,
 * BINARY / COLLATE "C": the same order but for characters beyond U+FFFF against U+E000..U+FFFF, which no example needs).
 */
const compare = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);

/** Keeps the `exampleCount` smallest distinct values seen (SQL's `SELECT DISTINCT ... ORDER BY 1 LIMIT 3`). */
function keepSmallest(examples: (string | number)[], v: string | number): void {
  if (examples.length === exampleCount && compare(v, examples[exampleCount - 1]!) >= 0) return;
  if (examples.includes(v)) return;
  examples.push(v);
  examples.sort(compare);
  if (examples.length > exampleCount) examples.pop();
}

const finding = (count: number, examples: (string | number)[]): QualityFinding => ({ count, examples: examples.map(String) });

/**
 * The same profile as `profileRowsTable` (quality.ts), from rows held in memory: the seed has each version's rows at
 * hand, and a pass over them costs a fraction of the SQL's (whose distinct counts of unindexed text sort on disk).
 * tests/version-quality.test.ts checks the two agree on seeded versions.
 */
export function profileRows(rows: readonly Row[], schema: FieldSpec[], computedAt: string): QualityProfile {
  const rowCount = rows.length;
  const fields = schema.map((f): FieldQuality => {
    const isText = f.type === 'string' || f.type === 'date' || f.type === 'datetime';
    const ordered = f.type === 'integer' || f.type === 'number' || f.type === 'date' || f.type === 'datetime';
    const allowed = f.type === 'string' && f.enum ? new Set(f.enum) : null;
    const ranged = (f.type === 'integer' || f.type === 'number') && (Number.isFinite(f.minimum) || Number.isFinite(f.maximum));
    const cutoff = f.type === 'date' ? cityDay(computedAt) : f.type === 'datetime' ? computedAt : null;
    // The primary key is unique: its distinct values need no set.
    const distinct = new Set<Value>();
    const unique = f.primary_key === true;
    let empty = 0;
    let min: string | number | null = null;
    let max: string | number | null = null;
    const hits: Record<'outsideEnum' | 'outsideRange' | 'futureDates', (string | number)[]> = { outsideEnum: [], outsideRange: [], futureDates: [] };
    const counts = { outsideEnum: 0, outsideRange: 0, futureDates: 0 };
    const hit = (k: keyof typeof hits, v: string | number) => {
      counts[k]++;
      keepSmallest(hits[k], v);
    };
    for (const row of rows) {
      const raw = row[f.name];
      const v = typeof raw === 'boolean' ? (raw ? 1 : 0) : raw;
      if (v === null || v === undefined || (isText && v === '')) {
        empty++;
        continue;
      }
      if (!unique && distinct.size <= distinctCap) distinct.add(v);
      if (ordered) {
        // Numbers, or dates and datetimes: ASCII, whose UTF-16 order is their byte order.
        if (min === null || v < min) min = v;
        if (max === null || v > max) max = v;
      }
      if (allowed && !allowed.has(String(v))) hit('outsideEnum', v);
      if (ranged && typeof v === 'number' && ((Number.isFinite(f.minimum) && v < f.minimum!) || (Number.isFinite(f.maximum) && v > f.maximum!))) hit('outsideRange', v);
      if (cutoff !== null && String(v) > cutoff) hit('futureDates', v);
    }
    const distinctCount = unique ? rowCount - empty : distinct.size;
    const capped = !unique && distinctCount > distinctCap;
    const q: FieldQuality = { name: f.name, type: f.type, empty, emptyShare: rowCount ? empty / rowCount : 0, distinct: capped ? distinctCap : distinctCount };
    if (capped) q.distinctCapped = true;
    if (ordered) Object.assign(q, { min, max });
    if (allowed) q.outsideEnum = finding(counts.outsideEnum, hits.outsideEnum);
    if (ranged) q.outsideRange = finding(counts.outsideRange, hits.outsideRange);
    if (cutoff !== null) q.futureDates = finding(counts.futureDates, hits.futureDates);
    return q;
  });
  return { computedAt, rowCount, fields };
}
