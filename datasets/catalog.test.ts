import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { datasetsDir, loadCatalog, type Catalog } from './index.js';
import { generateRows } from './generate.js';
import type { DatasetManifest, FieldSpec, Row, Value } from './schema.js';

const cjk = /[\u4e00-\u9fff]/;
const isDate = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);
const isDateTime = (v: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(v) && new Date(v).toISOString().replace('.000', '') === v;

function typeProblem(f: FieldSpec, v: Value): string | null {
  if (v === null) return f.required || f.primary_key ? 'null in a required field' : null;
  switch (f.type) {
    case 'string':
      if (typeof v !== 'string' || v === '') return 'not a non-empty string';
      if (f.enum && !f.enum.includes(v)) return `'${v}' not in enum`;
      return null;
    case 'integer':
      return Number.isInteger(v) ? null : 'not an integer';
    case 'number':
      return typeof v === 'number' && Number.isFinite(v) ? null : 'not a finite number';
    case 'boolean':
      return typeof v === 'boolean' ? null : 'not a boolean';
    case 'date':
      return typeof v === 'string' && isDate(v) ? null : 'not a YYYY-MM-DD date';
    case 'datetime':
      return typeof v === 'string' && isDateTime(v) ? null : 'not a UTC datetime';
  }
}

interface Diff {
  added: number;
  removed: number;
  changed: number;
}

function diff(before: Row[], after: Row[], pk: string): Diff {
  const old = new Map(before.map((r) => [r[pk], JSON.stringify(r)]));
  let added = 0;
  let changed = 0;
  for (const r of after) {
    const was = old.get(r[pk]);
    if (was === undefined) added++;
    else if (was !== JSON.stringify(r)) changed++;
    old.delete(r[pk]);
  }
  return { added, removed: old.size, changed };
}

let catalog: Catalog;
/** Problems found while walking every version of every dataset, by check. */
const problems: Record<string, string[]> = { rows: [], pk: [], values: [], coords: [], chinese: [], diffs: [] };
let latestTotal = 0;
let optionalValues = 0;
let optionalNulls = 0;
const diffs: Record<string, Diff[]> = {};

function checkVersion(m: DatasetManifest, n: number, rows: Row[]): void {
  const where = `${m.id} v${n}`;
  const pk = m.fields.find((f) => f.primary_key)!;
  if (n === 1 && rows.length !== m.rows) problems.rows!.push(`${where}: ${rows.length} rows, manifest says ${m.rows}`);
  for (let k = 0; k < rows.length; k++) {
    const key = rows[k]![pk.name];
    const prev = k > 0 ? rows[k - 1]![pk.name] : undefined;
    if (prev !== undefined && key !== undefined && key !== null && !((prev as string | number) < (key as string | number))) {
      problems.pk!.push(`${where}: key ${String(key)} at ${k} is not after ${String(prev)}`);
      break;
    }
  }
  const chineseFields = new Set<string>();
  for (const row of rows) {
    const keys = Object.keys(row);
    if (keys.length !== m.fields.length) problems.values!.push(`${where}: row has ${keys.length} keys`);
    for (const f of m.fields) {
      const v = row[f.name] ?? null;
      const p = typeProblem(f, v);
      if (p && problems.values!.length < 20) problems.values!.push(`${where}.${f.name}: ${p} (${JSON.stringify(v)})`);
      if (!f.required) {
        optionalValues++;
        if (v === null) optionalNulls++;
      }
      if (typeof v === 'string' && f.type === 'string' && cjk.test(v)) chineseFields.add(f.name);
      if (typeof v === 'number' && f.name === 'lng' && (v < 118.2 || v > 118.9)) problems.coords!.push(`${where}: lng ${v}`);
      if (typeof v === 'number' && f.name === 'lat' && (v < 31.2 || v > 31.9)) problems.coords!.push(`${where}: lat ${v}`);
    }
  }
  if (chineseFields.size === 0) problems.chinese!.push(`${where}: no Chinese text field`);
}

beforeAll(() => {
  catalog = loadCatalog();
  for (const m of catalog.datasets) {
    const pk = m.fields.find((f) => f.primary_key)!.name;
    let previous: Row[] | null = null;
    for (const v of m.versions) {
      const rows = generateRows(m, v.n);
      checkVersion(m, v.n, rows);
      if (previous) (diffs[m.id] ??= []).push(diff(previous, rows, pk));
      if (v.n === m.versions.length) latestTotal += rows.length;
      previous = rows;
    }
  }
}, 120_000);

describe('catalog metadata', () => {
  it('has the 29 departments, 15 themes and 179 valid manifests', () => {
    expect(catalog.departments).toHaveLength(29);
    expect(catalog.themes).toHaveLength(15);
    expect(catalog.datasets).toHaveLength(179);
    expect(catalog.datasets.map((m) => m.id)).toEqual([...catalog.datasets.map((m) => m.id)].sort());
  });

  it('gives every department at least three datasets', () => {
    for (const d of catalog.departments) {
      expect(catalog.datasets.filter((m) => m.department === d.id).length, d.id).toBeGreaterThanOrEqual(3);
    }
  });

  it('opens about 90% of the datasets without conditions', () => {
    const open = catalog.datasets.filter((m) => m.open_type === 'open').length / catalog.datasets.length;
    expect(open).toBeGreaterThanOrEqual(0.85);
    expect(open).toBeLessThanOrEqual(0.95);
  });

  it('keeps dates between 2020 and 2026-11-25 and versions in order', () => {
    for (const m of catalog.datasets) {
      expect(m.created_at >= '2020-01-01', m.id).toBe(true);
      expect(m.versions.at(-1)!.published_at <= '2026-11-25T23:59:59Z', m.id).toBe(true);
    }
    const multi = catalog.datasets.filter((m) => m.versions.length > 1);
    expect(multi.length).toBeGreaterThanOrEqual(10);
  });

  it('names the file and the problem when a manifest is invalid', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kaifang-catalog-'));
    try {
      cpSync(datasetsDir, dir, { recursive: true, filter: (src) => !src.endsWith('.ts') });
      const file = join(dir, 'manifests', 'bus-stops.json');
      const broken = JSON.parse(readFileSync(file, 'utf8')) as DatasetManifest;
      broken.fields[0]!.type = 'integer';
      broken.fields[0]!.enum = ['x'];
      writeFileSync(file, JSON.stringify(broken));
      expect(() => loadCatalog(dir)).toThrow(/manifests\/bus-stops\.json: field stop_id: enum is only allowed on string fields/);
      broken.theme = 'nowhere';
      writeFileSync(file, JSON.stringify(broken));
      expect(() => loadCatalog(dir)).toThrow(/manifests\/bus-stops\.json: unknown theme 'nowhere'/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('generated rows', () => {
  it('add up to 300,000-320,000 rows in the latest versions', () => {
    expect(latestTotal).toBeGreaterThanOrEqual(300_000);
    expect(latestTotal).toBeLessThanOrEqual(320_000);
  });

  it('are deterministic', () => {
    const sample = ['enterprise-registry', 'individual-businesses', 'weather-daily-observations', 'bus-stops', 'kindergartens'];
    const hash = (m: DatasetManifest, v: number) => createHash('sha256').update(JSON.stringify(generateRows(m, v))).digest('hex');
    for (const id of sample) {
      const m = catalog.datasets.find((d) => d.id === id)!;
      for (const v of m.versions) expect(hash(m, v.n), `${id} v${v.n}`).toBe(hash(m, v.n));
    }
  });

  it('match the manifest row count and have unique primary keys in ascending order', () => {
    expect(problems.rows).toEqual([]);
    expect(problems.pk).toEqual([]);
  });

  it('respect types, required fields and enums', () => {
    expect(problems.values).toEqual([]);
    const nullShare = optionalNulls / optionalValues;
    expect(nullShare).toBeGreaterThan(0.01);
    expect(nullShare).toBeLessThan(0.06);
  });

  it('keep coordinates inside the city bounding box', () => {
    expect(problems.coords).toEqual([]);
  });

  it('carry Chinese text in every dataset', () => {
    expect(problems.chinese).toEqual([]);
  });

  it('differ between versions by added, removed and changed rows', () => {
    const multi = catalog.datasets.filter((m) => m.versions.length > 1);
    for (const m of multi) {
      const steps = diffs[m.id] ?? [];
      expect(steps, m.id).toHaveLength(m.versions.length - 1);
      for (const d of steps) {
        expect(d.added, m.id).toBeGreaterThan(0);
        expect(d.removed, m.id).toBeGreaterThan(0);
        expect(d.changed, m.id).toBeGreaterThan(0);
      }
    }
  });

  it('include an open dataset of 20,000+ rows with a date and a number column for the records benchmark', () => {
    const m = catalog.datasets.find((d) => d.id === 'weather-daily-observations')!;
    expect(m.open_type).toBe('open');
    expect(m.rows).toBeGreaterThanOrEqual(20_000);
    expect(m.fields.some((f) => f.type === 'date')).toBe(true);
    expect(m.fields.some((f) => f.type === 'number')).toBe(true);
  });
});
