import { beforeAll, expect, it } from 'vitest';
import type { AnyDb, PgDb } from '../src/db/engine.js';
import { recordJsonSql } from '../src/records/records.json.js';
import { recordJsonSqlPg } from '../src/records/records.pg.json.js';
import type { SqliteDb } from '../src/db/client.js';
import type { FieldSpec } from '../src/lib/field-spec.js';
import { createRecordsReader } from '../src/records/records.service.js';
import { createSearchIndexer } from '../src/records/search-index.js';
import { parseRecordsQuery } from '../src/records/records.query.js';
import type { RecordsTarget } from '../src/records/records.target.js';
import { rowsTableName, type Row } from '../src/versions/rows/rows-table.js';
import { countRows, findRowByKey, iterateRows, tableExists, writeWholeRowsTable } from '../src/versions/rows/rows-table.sql.js';
import { iterateRowsPg } from '../src/versions/rows/rows-table.pg.sql.js';
import { describeOnEngines, type EngineName } from './support/engines.js';
import { diffOn, engineRows } from './records-sql-engines.helpers.js';

// The records API's SQL answers alike on SQLite and PostgreSQL (issue 14): one rows table with every field type,
// filled through the same function on both engines, then every filter operator, every kind of sort, cursor paging
// to the end and the exact totals, read through the reader the API uses. The SQLite answers are kept, and the
// PostgreSQL ones must equal them exactly (records, their JSON text byte for byte, order, positions, totals).

const field = (name: string, type: FieldSpec['type'], extra: Partial<FieldSpec> = {}): FieldSpec => ({ name, label_zh: name, type, required: false, primary_key: false, ...extra });
const schema: FieldSpec[] = [
  field('id', 'integer', { primary_key: true, required: true }),
  field('name', 'string'),
  field('kind', 'string', { enum: ['甲', 'B', 'a', 'z'] }),
  field('amount', 'number'),
  field('big', 'integer'),
  field('active', 'boolean'),
  field('day', 'date'),
  field('at', 'datetime'),
  field('note', 'string'),
];

// Text where byte order, escaping and wildcards matter: upper before lower case, CJK and astral characters after
// ASCII, JSON escapes, LIKE's and GLOB's wildcards as plain characters, the empty string apart from null.
const names = ['Beta', 'alpha', '北京市', '上海', '😀 smile', 'a"quote', 'back\\slash', 'line\nbreak', 'tab\there', 'ctl\u0001x', '100%', 'snake_case', 'star*', 'q?', '[x]', '', 'Ünïcödé', 'e\u0301', 'ﬀ', 'zeta'];
const amounts = [0.1, 3, -2.5, 123456.789, 0.30000000000000004, 1e-5, 1e20, 1e15, 999999999999999.9, 0.0001, -0.75, 2 / 3, 42];
const bigs = [3_000_000_000, -5_000_000_000, 9_007_199_254_740_991, 2_147_483_648, -2_147_483_649, 7, 0];

function makeRows(n: number): Row[] {
  const rows: Row[] = [];
  for (let i = 1; i <= n; i++) {
    const pick = <T,>(xs: T[], k: number) => xs[(i * k) % xs.length]!;
    rows.push({
      id: i * 3,
      name: i % 11 === 0 ? null : `${pick(names, 7)}${i % 4 === 0 ? '' : ` ${i % 5}`}`,
      kind: i % 9 === 0 ? null : pick(['甲', 'B', 'a', 'z'], 5),
      amount: i % 10 === 0 ? null : pick(amounts, 3),
      big: i % 8 === 0 ? null : pick(bigs, 5),
      active: i % 7 === 0 ? null : i % 3 === 0,
      day: i % 13 === 0 ? null : `2024-0${1 + (i % 9)}-${String(1 + (i % 28)).padStart(2, '0')}`,
      at: i % 6 === 0 ? null : `2024-05-${String(1 + (i % 28)).padStart(2, '0')}T${String(i % 24).padStart(2, '0')}:30:00Z`,
      note: i % 2 === 0 ? null : `备注 ${i}`,
    });
  }
  return rows;
}

const rows = makeRows(240);
const target: RecordsTarget = { datasetPk: 9, datasetId: 'engines', titleZh: '引擎', departmentId: 'transport', openType: 'open', n: 1, rowCount: rows.length, table: rowsTableName(9, 1), schema };

// Each query as the API's query string; together they use every operator, sorts of every type both ways, and fields=.
const queries: string[] = [
  '', 'sort=name', 'sort=-name', 'sort=amount', 'sort=-amount', 'sort=big,-day', 'sort=active,at', 'sort=-id', 'sort=kind,-amount,name',
  'sort=-note,day', 'sort=-active,-big', 'fields=name,amount,active&sort=-at',
  'name=alpha 1', 'name=', 'name__not=Beta 2', 'kind__not=B&sort=kind', 'big__gt=2147483647', 'big__gte=3000000000&sort=-big', 'amount__lt=0.5', 'amount__lte=3&sort=amount',
  'amount__gt=0&amount__lt=1000', 'day__gte=2024-03-01&day__lt=2024-06-01&sort=day', 'at__gte=2024-05-10T00:00:00Z&sort=-at', 'at__lt=2024-05-03T08:00:00%2B08:00', 'amount__gte=0.0001&amount__lt=1e15&sort=-amount',
  'kind__in=甲,a&sort=-kind', 'big__in=7,0,-5000000000', 'amount__in=0.1,3,42', 'id__in=3,6,9,600',
  'name__contains=%', 'name__contains=_', 'name__contains=*', 'name__contains=?', 'name__contains=[x', 'name__contains=\\', 'name__contains=京', 'name__contains=😀',
  'name__startswith=B&sort=-name', 'name__startswith=a', 'day__startswith=2024-05', 'at__startswith=2024-05-1&sort=at',
  'active=true', 'active=false&sort=-amount', 'active__not=true&sort=active', 'note__isnull=true&sort=name', 'note__isnull=false&sort=-note', 'amount__isnull=true',
  'id__gt=300&sort=id', 'id=33', 'name__contains=zzz-no-match',
];

type Answer = { json: string[]; totals: number[]; positions: unknown[]; rows: Row[]; walked: Row[]; total: number };
const sqliteAnswers = new Map<string, Answer>();

async function answer(db: AnyDb, queryString: string): Promise<Answer> {
  const reader = createRecordsReader(db as SqliteDb);
  const query = parseRecordsQuery(new URLSearchParams(queryString).entries(), schema, undefined);
  const result: Answer = { json: [], totals: [], positions: [], rows: [], walked: [], total: 0 };
  // A cursor's position travels as JSON, as the API encodes it.
  const travel = (p: unknown) => (p === null ? null : (JSON.parse(JSON.stringify(p)) as (string | number | null)[]));
  for (let after = null as (string | number | null)[] | null, pages = 0; pages < 100; pages++) {
    const page = await reader.jsonPage(target, query, after, 17);
    result.json.push(...page.json);
    result.totals.push(page.total);
    result.positions.push(page.next);
    after = travel(page.next);
    if (!after) break;
  }
  for (let after = null as (string | number | null)[] | null, pages = 0; pages < 100; pages++) {
    const page = await reader.rowsPage(target, query, after, 50);
    result.rows.push(...page.rows);
    after = travel(page.next);
    if (!after) break;
  }
  const walk = await reader.walk(target, query, null);
  while (!walk.done) result.walked.push(...await walk.read(33));
  result.total = await reader.totalAsync(target, query);
  return result;
}

describeOnEngines('records SQL', (db, engine: EngineName) => {
  beforeAll(async () => {
    expect(await writeWholeRowsTable(db() as SqliteDb, target.table, schema, rows)).toBe(rows.length);
  });

  it('writes a rows table with every field type and reads it back as written, in key order', async () => {
    expect(await countRows(db() as SqliteDb, target.table)).toBe(rows.length);
    expect(await tableExists(db() as SqliteDb, target.table)).toBe(true);
    expect(await findRowByKey(db() as SqliteDb, target.table, 'id', 33)).toBe(true);
    expect(await findRowByKey(db() as SqliteDb, target.table, 'id', 34)).toBe(false);
    const read: Row[] = [];
    if (engine === 'sqlite') read.push(...iterateRows(db() as SqliteDb, target.table, schema));
    else for await (const r of iterateRowsPg(db() as never, target.table, schema, 64)) read.push(r);
    expect(read).toEqual(rows);
  });

  it.each(queries)('answers ?%s alike, paged to the end', async (queryString) => {
    const got = await answer(db(), queryString);
    // The same records whichever way they are read, each JSON text exactly JSON.stringify of its record.
    expect(got.json).toEqual(got.rows.map((r) => JSON.stringify(r)));
    expect(got.walked).toEqual(got.rows);
    expect(new Set(got.totals)).toEqual(new Set([got.total]));
    expect(got.rows).toHaveLength(got.total);
    if (engine === 'sqlite') sqliteAnswers.set(queryString, got);
    else {
      const expected = sqliteAnswers.get(queryString);
      expect(expected, 'the SQLite half of this suite runs first and keeps its answers').toBeDefined();
      expect(got).toEqual(expected);
    }
  });

  it('pages the whole table in key order with JSON texts equal to JSON.stringify of the rows as written', async () => {
    const got = await answer(db(), '');
    expect(got.json).toEqual(rows.map((r) => JSON.stringify(r)));
    expect(got.total).toBe(rows.length);
    // Escaped wildcards: only the names holding the character itself.
    const percent = await answer(db(), 'name__contains=%');
    expect(percent.rows.length).toBeGreaterThan(0);
    expect(percent.rows.every((r) => String(r.name).includes('%'))).toBe(true);
  });

  it("builds each record's JSON in SQL exactly as JSON.stringify does, wherever SQL can spell it", async () => {
    const sqlText = `SELECT ${engine === 'sqlite' ? recordJsonSql(schema) : recordJsonSqlPg(schema)} FROM ${target.table} ORDER BY _rowid`;
    const texts = engine === 'sqlite' ? (db() as SqliteDb).$client.prepare(sqlText).pluck().all() as (string | null)[] : (await (db() as PgDb).$client.unsafe(sqlText).values()).map((r) => r[0] as string | null);
    const spelled = texts.flatMap((t, i) => (t === null ? [] : [[t, JSON.stringify(rows[i])]]));
    expect(spelled.map(([t]) => t)).toEqual(spelled.map(([, expected]) => expected));
    expect(spelled.length).toBeGreaterThan(rows.length / 3);
    // PostgreSQL writes the shortest round-trip digits, as JavaScript does: only rows holding 1e-5 or 1e20 (exponent
    // forms) are left to JavaScript there (SQLite's %!.15g also leaves 17-digit fractions such as 2/3).
    const unspellable = rows.filter((r) => [1e-5, 1e20].includes(r.amount as number));
    if (engine === 'postgresql') expect(texts.filter((t) => t === null).length).toBe(unspellable.length);
  });

  it('searches q= in the text fields a key may see, alike, after answering 503 while the index is built', async () => {
    const errors: string[] = [];
    const search = createSearchIndexer(db() as SqliteDb, { log: { info: () => {}, error: (m) => errors.push(m) } });
    const reader = createRecordsReader(db() as SqliteDb, search);
    const visible = schema.filter((f) => f.name !== 'note');
    const parse = (qs: string, shown = schema) => parseRecordsQuery(new URLSearchParams(qs).entries(), shown, undefined, schema);
    await expect(reader.jsonPage(target, parse('q=北京'), null, 50)).rejects.toMatchObject({ status: 503, code: 'search_index_building' });
    for (let waited = 0; !search.idle && waited < 20_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
    expect(errors).toEqual([]);
    const found: Record<string, string[]> = {};
    for (const [qs, shown] of [['q=北京'], ['q=北京市'], ['q=备注'], ['q=smile'], ['q=SNAKE'], ['q=alph'], ['q=备注 15'], ['q=上海 北京'], ['q=备注', visible], ['q=beta&sort=-amount', visible]] as [string, FieldSpec[]?][]) {
      const page = await reader.jsonPage(target, parse(qs, shown), null, 1000);
      expect(page.total).toBe(page.json.length);
      found[`${qs}${shown ? ' (no note)' : ''}`] = page.json;
    }
    expect(found['q=北京']!.length).toBeGreaterThan(0);
    expect(found['q=备注']!.length).toBe(rows.filter((r) => r.note !== null).length);
    expect(found['q=备注 (no note)']).toEqual([]);
    expect(found['q=上海 北京']).toEqual([]);
    if (engine === 'sqlite') sqliteAnswers.set('search', found as never);
    else expect(found).toEqual(sqliteAnswers.get('search'));
  });

  it('counts a diff between two versions as the in-memory diff does, across a schema change', async () => {
    const d = await diffOn(db(), engine);
    expect(d.tables).toEqual(d.memory);
    expect(d.tables).toEqual({ added: 2, removed: 1, changed: 3 });
  });

  it('reads the rows tables through the writer, the batch reader and the index list alike', async () => {
    const got = await engineRows(db(), engine, target, schema, rows);
    expect(got.duplicates.map((d) => d.k)).toEqual([6, 18]);
    expect(got.uploadedEqual && got.batchesEqual && got.droppedGone).toBe(true);
    expect(got.replaced).toEqual(rows.slice(0, 3));
    expect(got.listed).toEqual(['ds_9_v1', 'ds_9_v2', 'ds_9_v3', 'ds_9_v4', 'ds_9_v5']);
    if (engine === 'sqlite') sqliteAnswers.set('rows-api', got as unknown as Answer);
    else expect(got).toEqual(sqliteAnswers.get('rows-api'));
  });
});
