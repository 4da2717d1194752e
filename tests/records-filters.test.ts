// Every operator on every field type against a hand-written SQL ground truth on the same rows table.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';
import { developer } from './records.helpers.js';
import { commitVersion, writeRowsTable } from '../src/versions/versions.service.js';
import type { FieldSpec } from '../src/lib/field-spec.js';
import type { Row } from '../src/versions/rows/rows-table.js';
import { queryRow, queryValue, queryValues } from './support/db-query.js';
import { instr, nullsAsSqlite } from './support/pg-test-database.js';

const f = (name: string, type: FieldSpec['type'], extra: Partial<FieldSpec> = {}): FieldSpec => ({ name, label_zh: '字段', type, required: false, primary_key: false, ...extra });
const schema: FieldSpec[] = [
  f('item_id', 'string', { primary_key: true, required: true }),
  f('title', 'string'),
  f('grade', 'string', { enum: ['A', 'B', 'C'] }),
  f('qty', 'integer'),
  f('price', 'number'),
  f('active', 'boolean'),
  f('opened', 'date'),
  f('seen_at', 'datetime'),
];
const titles = ['花山区*公园', '雨山区?站', '[测试]数据', "' OR 1=1 --", '"; DROP TABLE users; --', '100%_done', '马鞍山长江大桥', '含山县学校', 'plain text'];
const day0 = Date.UTC(2024, 0, 1);

function syntheticRows(count: number): Row[] {
  return Array.from({ length: count }, (_, i) => ({
    item_id: `I${String(i).padStart(4, '0')}`,
    title: i % 13 === 5 ? null : `${titles[i % titles.length]}${i % 4}`,
    grade: ['A', 'B', 'C'][i % 3]!,
    qty: i % 17 === 3 ? null : ((i * 7) % 50) - 10,
    price: i % 19 === 4 ? null : ((i * 37) % 1000) / 10,
    active: i % 23 === 6 ? null : i % 3 === 0,
    opened: i % 29 === 7 ? null : new Date(day0 + ((i * 5) % 400) * 86400_000).toISOString().slice(0, 10),
    seen_at: i % 31 === 8 ? null : new Date(Date.UTC(2024, 2, 1) + i * 3671_000).toISOString().replace('.000', ''),
  }));
}

let t: Awaited<ReturnType<typeof createTestApp>>;
let headers: Record<string, string>;
let base: string;
let table: string;

beforeAll(async () => {
  t = await createTestApp({ datasets: ['vocational-schools'] });
  headers = (await developer(t.app)).headers;
  const ds = (await queryRow(t.db, "SELECT pk, latest_version FROM datasets WHERE id = 'vocational-schools'")) as { pk: number; latest_version: number };
  const n = ds.latest_version + 1;
  const count = await writeRowsTable(t.db, ds.pk, n, schema, syntheticRows(600));
  await commitVersion(t.db, ds.pk, { n, schema, publishedAt: '2026-01-01T00:00:00Z', changeNote: '测试', rowCount: count, diff: null, artifacts: {} });
  base = `/api/v1/datasets/vocational-schools/versions/${n}/records`;
  table = `ds_${ds.pk}_v${n}`;
});
afterAll(() => t.close());

const truth = async (where: string, params: unknown[] = [], order = '_rowid') =>
  ((await queryValues(t.db, `SELECT item_id FROM "${table}" WHERE ${where} ORDER BY ${order}`, ...params)) as string[]);

async function apiIds(query: string): Promise<{ ids: string[]; total: number }> {
  const ids: string[] = [];
  let url: string | null = `${base}?limit=1000&${query}`;
  let total = -1;
  while (url) {
    const res = await t.app.request(url, { headers });
    expect(res.status, `${url}: ${res.status}`).toBe(200);
    const body = (await res.json()) as { data: { item_id: string }[]; next_cursor: string | null; total: number };
    ids.push(...body.data.map((r) => r.item_id));
    total = body.total;
    url = body.next_cursor ? `${base}?limit=1000&${query}&cursor=${encodeURIComponent(body.next_cursor)}` : null;
  }
  return { ids, total };
}

const p = (v: string) => encodeURIComponent(v);
type Case = [query: string, where: string, params?: unknown[]];

const cases: Case[] = [
  // string
  [`title=${p('马鞍山长江大桥2')}`, 'title = ?', ['马鞍山长江大桥2']],
  [`title__not=${p('plain text0')}`, '(title <> ? OR title IS NULL)', ['plain text0']],
  [`title__gt=${p('含')}`, 'title > ?', ['含']],
  [`title__gte=${p('plain text0')}`, 'title >= ?', ['plain text0']],
  [`title__lt=${p('[')}`, 'title < ?', ['[']],
  [`title__lte=${p('100%_done3')}`, 'title <= ?', ['100%_done3']],
  [`title__contains=${p('山区')}`, `${instr}(title, ?) > 0`, ['山区']],
  [`title__contains=${p('*')}`, `${instr}(title, ?) > 0`, ['*']],
  [`title__contains=${p('?')}`, `${instr}(title, ?) > 0`, ['?']],
  [`title__contains=${p('[测')}`, `${instr}(title, ?) > 0`, ['[测']],
  [`title__contains=${p('%_')}`, `${instr}(title, ?) > 0`, ['%_']],
  [`title__startswith=${p('花山区*')}`, 'substr(title, 1, 4) = ?', ['花山区*']],
  [`title__in=${p('含山县学校1,plain text2,nothing')}`, 'title IN (?, ?, ?)', ['含山县学校1', 'plain text2', 'nothing']],
  ['title__isnull=true', 'title IS NULL'],
  ['title__isnull=false', 'title IS NOT NULL'],
  ['grade=B', "grade = 'B'"],
  // integer
  ['qty=5', 'qty = 5'],
  ['qty__not=5', '(qty <> 5 OR qty IS NULL)'],
  ['qty__gt=20', 'qty > 20'],
  ['qty__gte=-3', 'qty >= -3'],
  ['qty__lt=0', 'qty < 0'],
  ['qty__lte=0', 'qty <= 0'],
  ['qty__in=1,2,-10', 'qty IN (1, 2, -10)'],
  ['qty__isnull=1', 'qty IS NULL'],
  // number
  ['price=3.7', 'price = 3.7'],
  ['price__not=3.7', '(price <> 3.7 OR price IS NULL)'],
  ['price__gt=50.5', 'price > 50.5'],
  ['price__gte=99', 'price >= 99'],
  ['price__lt=1e1', 'price < 10'],
  ['price__lte=0', 'price <= 0'],
  ['price__in=0,3.7,7.4', 'price IN (0, 3.7, 7.4)'],
  ['price__isnull=true', 'price IS NULL'],
  // boolean
  ['active=true', 'active = 1'],
  ['active=0', 'active = 0'],
  ['active__not=true', '(active <> 1 OR active IS NULL)'],
  ['active__in=true,false', 'active IN (0, 1)'],
  ['active__isnull=true', 'active IS NULL'],
  // date
  ['opened=2024-01-06', "opened = '2024-01-06'"],
  ['opened__not=2024-01-06', "(opened <> '2024-01-06' OR opened IS NULL)"],
  ['opened__gt=2024-12-01', "opened > '2024-12-01'"],
  ['opened__gte=2024-12-01', "opened >= '2024-12-01'"],
  ['opened__lt=2024-02-01', "opened < '2024-02-01'"],
  ['opened__lte=2024-02-01', "opened <= '2024-02-01'"],
  ['opened__startswith=2024-03', "substr(opened, 1, 7) = '2024-03'"],
  ['opened__contains=-05-', `${instr}(opened, '-05-') > 0`],
  ['opened__in=2024-01-01,2024-01-06', "opened IN ('2024-01-01', '2024-01-06')"],
  ['opened__isnull=true', 'opened IS NULL'],
  // datetime: offsets are converted to the stored UTC form
  [`seen_at=${p('2024-03-01T01:01:11Z')}`, "seen_at = '2024-03-01T01:01:11Z'"],
  [`seen_at=${p('2024-03-01T09:01:11+08:00')}`, "seen_at = '2024-03-01T01:01:11Z'"],
  [`seen_at__not=${p('2024-03-01T01:01:11Z')}`, "(seen_at <> '2024-03-01T01:01:11Z' OR seen_at IS NULL)"],
  ['seen_at__gt=2024-03-20', "seen_at > '2024-03-20T00:00:00Z'"],
  ['seen_at__gte=2024-03-20T12:00:00Z', "seen_at >= '2024-03-20T12:00:00Z'"],
  [`seen_at__lt=${p('2024-03-02 08:00')}`, "seen_at < '2024-03-02T08:00:00Z'"],
  ['seen_at__lte=2024-03-02T08:00:00Z', "seen_at <= '2024-03-02T08:00:00Z'"],
  ['seen_at__startswith=2024-03-1', "substr(seen_at, 1, 9) = '2024-03-1'"],
  ['seen_at__isnull=true', 'seen_at IS NULL'],
  // several filters are combined with AND
  ['grade=A&qty__gte=0&price__lt=60&active=true', "grade = 'A' AND qty >= 0 AND price < 60 AND active = 1"],
];

describe('records filters against SQL ground truth', () => {
  it.each(cases)('%s', async (query, where, params = []) => {
    const expected = await truth(where, params);
    const { ids, total } = await apiIds(query);
    expect(ids).toEqual(expected);
    expect(total).toBe(expected.length);
  });

  it('covers every operator and type with a non-trivial result', async () => {
    for (const [query, where, params = []] of cases) {
      const n = (await truth(where, params)).length;
      if (!query.includes('title__in') && !query.includes('seen_at=')) expect(n, query).toBeGreaterThan(0);
    }
    const ops = new Set(cases.flatMap(([q]) => q.split('&').map((x) => x.split('=')[0]!.split('__')[1] ?? 'exact')));
    expect([...ops].sort()).toEqual(['contains', 'exact', 'gt', 'gte', 'in', 'isnull', 'lt', 'lte', 'not', 'startswith']);
  });

  it('sorts by several keys in both directions, nulls as SQLite orders them, primary key breaking ties', async () => {
    for (const [sort, order] of [
      ['grade,-price', 'grade ASC, price DESC, _rowid'],
      ['-active,opened', 'active DESC, opened ASC, _rowid'],
      ['-seen_at', 'seen_at DESC, _rowid'],
      ['qty', 'qty ASC, _rowid'],
      ['-item_id', '_rowid DESC'],
    ] as const) {
      const expected = await truth('1 = 1', [], nullsAsSqlite(order));
      // Small pages cross many tie groups and NULL boundaries.
      const ids: string[] = [];
      let url: string | null = `${base}?limit=37&sort=${sort}`;
      while (url) {
        const body = (await (await t.app.request(url, { headers })).json()) as { data: { item_id: string }[]; next_cursor: string | null };
        ids.push(...body.data.map((r) => r.item_id));
        url = body.next_cursor ? `${base}?limit=37&sort=${sort}&cursor=${encodeURIComponent(body.next_cursor)}` : null;
      }
      expect(ids, sort).toEqual(expected);
    }
  });

  it('returns typed values: booleans as true/false, numbers as numbers, nulls as null', async () => {
    const res = await t.app.request(`${base}?item_id=I0006&fields=item_id,active,qty,price,title`, { headers });
    const body = (await res.json()) as { data: Record<string, unknown>[]; fields: { name: string }[] };
    expect(body.data).toEqual([{ item_id: 'I0006', active: null, qty: 32, price: 22.2, title: '马鞍山长江大桥2' }]);
    expect(body.fields.map((x) => x.name)).toEqual(['item_id', 'active', 'qty', 'price', 'title']);
    const yes = (await (await t.app.request(`${base}?item_id=I0003&fields=active`, { headers })).json()) as { data: Record<string, unknown>[] };
    expect(yes.data).toEqual([{ active: true }]);
  });

  it('treats SQL-looking values as plain values', async () => {
    for (const v of ["' OR 1=1 --", '"; DROP TABLE users; --', "x' UNION SELECT * FROM users --"]) {
      const res = await t.app.request(`${base}?title=${p(v)}`, { headers });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { total: number }).total).toBe(0);
    }
    expect((await apiIds(`title__startswith=${p("' OR 1=1")}`)).ids).toEqual(await truth('substr(title, 1, 8) = ?', ["' OR 1=1"]));
    expect((await queryValue(t.db, 'SELECT COUNT(*) FROM users'))).toBe(1);
  });

  it.each([
    ['qty=abc', 'invalid_value', 'qty'],
    ['qty__gt=1.5', 'invalid_value', 'qty'],
    ['price=NaN', 'invalid_value', 'price'],
    ['active=maybe', 'invalid_value', 'active'],
    ['opened=2024-02-30', 'invalid_value', 'opened'],
    ['seen_at__gt=yesterday', 'invalid_value', 'seen_at'],
    ['qty__contains=1', 'unsupported_operator', 'qty__contains'],
    ['active__gt=true', 'unsupported_operator', 'active__gt'],
    ['title__isnull=perhaps', 'invalid_value', 'title'],
  ])('%s -> 400 %s naming the field', async (query, code, field) => {
    const res = await t.app.request(`${base}?${query}`, { headers });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const body = (await res.json()) as { code: string; detail: string; errors: { field: string }[] };
    expect(body.code).toBe(code);
    expect(body.errors[0]!.field).toBe(field);
    expect(body.detail).toContain(field.split('__')[0]);
  });
});
