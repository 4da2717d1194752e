import type { DatasetManifest, FieldSpec, Row, Value } from './schema.js';
import type { Ctx, ValueFn } from './gen/dsl.js';
import { compileField, parseGen, structural } from './gen/dsl.js';
import { createRng, type Rng } from './gen/rng.js';
import { dayOf } from './gen/time.js';

export type { Row } from './schema.js';

/** Share of optional values left empty. */
const NULL_RATE = 0.03;
/** How a version edits the one before it (shares of the previous row count, at least one row each). */
const REMOVED = 0.02;
const CHANGED = 0.03;
const ADDED = 0.04;

interface CompiledField {
  name: string;
  required: boolean;
  fn: ValueFn;
}
interface Compiled {
  /** In manifest order. */
  fields: CompiledField[];
  /** In evaluation order: every field after the fields it refers to. */
  order: CompiledField[];
  pk: CompiledField;
  /** Fields a later version may edit: not the key, not positional, not feeding another field. */
  editable: CompiledField[];
  compare: (a: Row, b: Row) => number;
}

const refsOf = (f: FieldSpec) => [...f.gen.matchAll(/@([a-z][a-z0-9_]*)/g)].map((x) => x[1]!);

/**
 * Field positions ordered so that each comes after its @references and, unless that would loop,
 * after `district` and `town`, which place-aware generators follow.
 */
function evaluationOrder(m: DatasetManifest): number[] {
  const index = new Map(m.fields.map((f, k) => [f.name, k]));
  const explicit = m.fields.map((f) => refsOf(f).filter((n) => n !== f.name && index.has(n)).map((n) => index.get(n)!));
  const upstream = (start: number | undefined) => {
    const seen = new Set<number>();
    const walk = (k: number) => explicit[k]!.forEach((d) => !seen.has(d) && (seen.add(d), walk(d)));
    if (start !== undefined) walk(start);
    return seen;
  };
  const implicit = ['district', 'town'].map((name) => ({ at: index.get(name), feeds: upstream(index.get(name)) }));
  const deps = explicit.map((list, k) => {
    // `district` itself never waits for `town`.
    const extra = implicit
      .filter((p) => p.at !== undefined && p.at !== k && !p.feeds.has(k) && !(p === implicit[1] && k === implicit[0]!.at))
      .map((p) => p.at!);
    return [...list, ...extra];
  });
  const state = new Uint8Array(m.fields.length); // 0 new, 1 visiting, 2 done
  const order: number[] = [];
  const visit = (k: number) => {
    if (state[k] === 2) return;
    if (state[k] === 1) throw new Error(`${m.id}: circular references around field ${m.fields[k]!.name}`);
    state[k] = 1;
    deps[k]!.forEach(visit);
    state[k] = 2;
    order.push(k);
  };
  m.fields.forEach((_, k) => visit(k));
  return order;
}

function compile(m: DatasetManifest): Compiled {
  const fields = m.fields.map((f) => ({ name: f.name, required: f.required || f.primary_key, fn: compileField(f, m) }));
  const pkIndex = m.fields.findIndex((f) => f.primary_key);
  if (pkIndex < 0) throw new Error(`${m.id}: no primary key`);
  const referenced = new Set(m.fields.flatMap(refsOf));
  referenced.add('district').add('town');
  const free = (f: FieldSpec) => !f.primary_key && !structural.has(parseGen(f.gen.replace(/^uniq:/, '')).name);
  let editable = fields.filter((_, k) => free(m.fields[k]!) && !referenced.has(m.fields[k]!.name));
  if (editable.length === 0) editable = fields.filter((_, k) => free(m.fields[k]!));
  const pk = fields[pkIndex]!;
  const key = pk.name;
  const compare =
    m.fields[pkIndex]!.type === 'integer'
      ? (a: Row, b: Row) => (a[key] as number) - (b[key] as number)
      : (a: Row, b: Row) => {
          const x = a[key] as string;
          const y = b[key] as string;
          return x < y ? -1 : x > y ? 1 : 0;
        };
  const order = evaluationOrder(m).map((k) => fields[k]!);
  return { fields, order, pk, editable, compare };
}

function makeRow(cm: Compiled, i: number, r: Rng, asOf: number, seen: Set<Value>): Row {
  const row: Row = {};
  for (const f of cm.fields) row[f.name] = null; // keys in manifest order
  const c: Ctx = { i, row, r, asOf };
  for (const f of cm.order) row[f.name] = !f.required && r.next() < NULL_RATE ? null : f.fn(c);
  const key = cm.pk.name;
  for (let tries = 0; seen.has(row[key]!); tries++) {
    if (tries > 100) throw new Error(`cannot draw a fresh primary key for row ${i}`);
    row[key] = cm.pk.fn(c);
  }
  seen.add(row[key]!);
  return row;
}

/** A copy of the row with one or two editable values redrawn (and really different). */
function editRow(cm: Compiled, row: Row, r: Rng, asOf: number): Row {
  const copy: Row = { ...row };
  const c: Ctx = { i: 0, row: copy, r, asOf };
  const count = cm.editable.length > 1 && r.chance(0.4) ? 2 : 1;
  for (let k = 0; k < count; k++) {
    const f = r.pick(cm.editable);
    for (let tries = 0; tries < 8 && copy[f.name] === row[f.name]; tries++) copy[f.name] = f.fn(c);
  }
  return copy;
}

interface Built {
  rows: Row[];
  /** Position of the next row ever added; positions are never reused, so keys stay fresh. */
  next: number;
  /** Every key any version so far has used. */
  seen: Set<Value>;
}

function build(m: DatasetManifest, version: number, cm: Compiled): Built {
  const r = createRng(`${m.id}@v${version}`);
  const asOf = dayOf(m.versions[version - 1]!.published_at) - 1;
  if (version === 1) {
    const seen = new Set<Value>();
    const rows: Row[] = new Array(m.rows);
    for (let i = 0; i < m.rows; i++) rows[i] = makeRow(cm, i, r, asOf, seen);
    return { rows: rows.sort(cm.compare), next: m.rows, seen };
  }
  const prev = build(m, version - 1, cm);
  const n = prev.rows.length;
  const removeCount = Math.max(1, Math.round(n * REMOVED));
  const changeCount = cm.editable.length ? Math.max(1, Math.round(n * CHANGED)) : 0;
  const addCount = Math.max(1, Math.round(n * ADDED));
  // Partial Fisher-Yates: the first slots become the removed rows, the next ones the edited rows.
  const order = Array.from({ length: n }, (_, k) => k);
  for (let k = 0; k < Math.min(n, removeCount + changeCount); k++) {
    const j = r.int(k, n - 1);
    [order[k], order[j]] = [order[j]!, order[k]!];
  }
  const fate = new Uint8Array(n); // 0 keep, 1 remove, 2 edit
  order.slice(0, removeCount).forEach((k) => (fate[k] = 1));
  order.slice(removeCount, removeCount + changeCount).forEach((k) => (fate[k] = 2));
  const rows: Row[] = [];
  prev.rows.forEach((row, k) => {
    if (fate[k] === 0) rows.push(row);
    else if (fate[k] === 2) rows.push(editRow(cm, row, r, asOf));
  });
  for (let k = 0; k < addCount; k++) rows.push(makeRow(cm, prev.next + k, r, asOf, prev.seen));
  return { rows: rows.sort(cm.compare), next: prev.next + addCount, seen: prev.seen };
}

/** Throws when a field's generator spec is unknown, malformed or refers in a circle. */
export function checkGenerators(manifest: DatasetManifest): void {
  compile(manifest);
}

/** Rows of one version of a dataset, sorted by primary key. Deterministic: seeded from the dataset id and version. */
export function generateRows(manifest: DatasetManifest, version: number): Row[] {
  if (!Number.isInteger(version) || version < 1 || version > manifest.versions.length) {
    throw new Error(`${manifest.id} has no version ${version}`);
  }
  return build(manifest, version, compile(manifest)).rows;
}
