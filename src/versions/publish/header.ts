import type { FieldSpec } from '../../lib/field-spec.js';

export type HeaderMap = { columns: (FieldSpec | null)[]; unknown: string[]; missing: FieldSpec[]; matched: number };

const norm = (s: unknown) => String(s ?? '').replace(/^\uFEFF/, '').replace(/\s+/g, '').toLowerCase();

/** Maps header cells to fields by name, Chinese label or English label (case and spaces ignored). */
export function mapHeader(cells: unknown[], schema: FieldSpec[]): HeaderMap {
  const byKey = new Map<string, FieldSpec>();
  for (const f of schema) for (const k of [f.name, f.label_zh, f.label_en]) if (k) byKey.set(norm(k), f);
  const used = new Set<string>();
  const unknown: string[] = [];
  const columns = cells.map((cell) => {
    const key = norm(cell);
    if (key === '') return null;
    const f = byKey.get(key);
    if (!f || used.has(f.name)) {
      unknown.push(String(cell));
      return null;
    }
    used.add(f.name);
    return f;
  });
  return { columns, unknown, missing: schema.filter((f) => !used.has(f.name)), matched: used.size };
}

/**
 * Department exports often start with a title row or a merged two-row header above the real one:
 * the header is the first of the leading rows that maps the most fields.
 */
export function findHeader(leading: unknown[][], schema: FieldSpec[]): { index: number; map: HeaderMap } | null {
  let best: { index: number; map: HeaderMap } | null = null;
  leading.forEach((cells, index) => {
    const map = mapHeader(cells, schema);
    if (map.matched > 0 && (!best || map.matched > best.map.matched)) best = { index, map };
  });
  return best;
}
