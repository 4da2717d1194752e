// JSON pages are built by SQLite (src/records/records.json.ts) and must stay byte for byte what
// JSON.stringify gives for the documented shape, for every value a version can hold.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FieldSpec } from '../src/lib/field-spec.js';
import { createTestApp } from './helpers.js';
import { developer } from './records.helpers.js';
import { addVersion } from './records-large.helpers.js';
import { queryRows, queryValue } from './support/db-query.js';
import { nullsAsSqlite, testEngine } from './support/pg-test-database.js';

const fields: FieldSpec[] = [
  { name: 'id', label_zh: '编号', type: 'integer', required: true, primary_key: true },
  { name: 'text', label_zh: '文本', label_en: 'Text', type: 'string', required: false, primary_key: false },
  { name: 'amount', label_zh: '金额', type: 'number', required: false, primary_key: false },
  { name: 'count', label_zh: '数量', type: 'integer', required: false, primary_key: false },
  { name: 'ok', label_zh: '是否', type: 'boolean', required: false, primary_key: false },
  { name: 'day', label_zh: '日期', type: 'date', required: false, primary_key: false },
];

// PostgreSQL text cannot hold U+0000 (copyText refuses it): the PostgreSQL pass has the other control characters.
const texts = ['say "hi"', 'back\\slash', testEngine === 'postgres' ? 'bell \u0007 esc \u001b del \u007f' : 'nul \u0000 bell \u0007 esc \u001b del \u007f', 'tab\tcr\rlf\n ff\f bs\b', '中文，全角“引号”', 'line sep \u2028 para \u2029', 'emoji 😀 𠀀', '</script><!--', "it's", '', ' '];
const amounts = [0.1, 0.30000000000000004, 1 / 3, 1e21, 1e-7, -0, 100, 12.5, 118.503, 5e-324, 1.7976931348623157e308, -1e15, 123456789.123, 0.0001, 99999999999999.9, Infinity, -Infinity];
const counts = [0, -1, 9007199254740991, -9007199254740991, 123456789012345, 2 ** 53];

const rows = Array.from({ length: 40 }, (_, i) => ({
  id: i + 1,
  text: i % 13 === 12 ? null : texts[i % texts.length]!,
  amount: i % 19 === 18 ? null : amounts[i % amounts.length]!,
  count: i % 7 === 6 ? null : counts[i % counts.length]!,
  ok: i % 5 === 4 ? null : i % 2 === 0,
  day: i % 11 === 10 ? null : `2025-01-${String(1 + (i % 28)).padStart(2, '0')}`,
}));

let t: Awaited<ReturnType<typeof createTestApp>>;
let headers: Record<string, string>;
beforeAll(async () => {
  t = await createTestApp({ datasets: [] });
  await addVersion(t, 'tricky-values', fields, rows);
  headers = (await developer(t.app)).headers;
});
afterAll(() => t.close());

const presented = (list: FieldSpec[]) => list.map((f) => ({ name: f.name, type: f.type, label_zh: f.label_zh, label_en: f.label_en ?? null, primary_key: f.primary_key }));

/** The page as the records API built it before SQLite wrote the JSON: row objects (0/1 as booleans), JSON.stringify. */
async function oldShape(query: { where: string; order: string; limit: number; names: string[] }, nextCursor: string | null): Promise<string> {
  const pk = (await queryValue<number>(t.db, "SELECT pk FROM datasets WHERE id = 'tricky-values'"))!;
  const where = query.where ? ` WHERE ${query.where}` : '';
  const raw = await queryRows(t.db, `SELECT ${query.names.join(', ')} FROM ds_${pk}_v1${where} ORDER BY ${nullsAsSqlite(query.order)} LIMIT ${query.limit}`);
  const data = raw.map((r) => Object.fromEntries(query.names.map((n) => [n, n === 'ok' && r[n] !== null ? r[n] === 1 : r[n]])));
  const total = await queryValue<number>(t.db, `SELECT COUNT(*) FROM ds_${pk}_v1${where}`);
  const chosen = query.names.map((n) => fields.find((f) => f.name === n)!);
  return JSON.stringify({ data, next_cursor: nextCursor, total, version: 1, fields: presented(chosen) });
}

const all = fields.map((f) => f.name);
const cases = [
  { url: 'limit=15', where: '', order: '_rowid', limit: 15, names: all },
  { url: 'limit=1000&sort=-amount', where: '', order: 'amount DESC, _rowid', limit: 1000, names: all },
  { url: 'fields=amount,text,id&ok=true', where: 'ok = 1', order: '_rowid', limit: 100, names: ['amount', 'text', 'id'] },
  { url: 'sort=text,-count&limit=7', where: '', order: 'text, count DESC, _rowid', limit: 7, names: all },
  // Pages SQLite writes whole (no value it cannot spell as JavaScript does); the ones above fall back for some values.
  { url: 'fields=id,text,count,ok,day&limit=1000', where: '', order: '_rowid', limit: 1000, names: ['id', 'text', 'count', 'ok', 'day'] },
  { url: 'amount__in=0.1,100,12.5,118.503,123456789.123,0.0001,99999999999999.9,0', where: 'amount IN (0.1,100,12.5,118.503,123456789.123,0.0001,99999999999999.9,0)', order: '_rowid', limit: 100, names: all },
];

describe('JSON pages built by SQLite', () => {
  it('equal JSON.stringify of { data, next_cursor, total, version, fields } for unicode, quotes, control characters, large integers and awkward floats', async () => {
    for (const c of cases) {
      const res = await t.app.request(`/api/v1/datasets/tricky-values/versions/1/records?${c.url}`, { headers });
      expect(res.status, c.url).toBe(200);
      const text = await res.text();
      const next = (JSON.parse(text) as { next_cursor: string | null }).next_cursor;
      expect(next === null, c.url).toBe(c.limit >= 40 || c.url.includes('ok=true'));
      expect(text, c.url).toBe(await oldShape(c, next));
    }
    // Every awkward value made it into some page.
    const whole = await (await t.app.request('/api/v1/datasets/tricky-values/versions/1/records?limit=1000', { headers })).text();
    for (const v of ['1e+21', '1e-7', '0.30000000000000004', '0.3333333333333333', '5e-324', '9007199254740991', testEngine === 'postgres' ? '\\u0007' : '\\u0000', '\\u001b', '\\t', '\\"hi\\"', '😀', '\u2028']) expect(whole).toContain(v);
  });
});
