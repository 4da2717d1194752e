// Floor for bench:records: bare node:http + better-sqlite3 answering the records API's question for one version,
// written plainly: `col=v`, `col__gte=v`, `col__lte=v` filters, `sort=a,-b`, `limit`; the same SQL as the app:
// keyset order with _rowid last; the app's access-path rule (src/records/records.access-path.ts): when the filter
// matches many rows, walk the index of the first sort key (without one, read a table of which a fifth or more
// matches in one pass, NOT INDEXED), when few and an indexed field is filtered, sort the matches (`ORDER BY +col`)
// unless that walk is bounded already; LIMIT written into the SQL, as the app does (a bound LIMIT makes SQLite
// recompile the statement on every run). An exact COUNT(*) for every request (no totals cache: the bench's URLs
// never repeat often enough for the app's cache to hit either), row objects (booleans from 0/1), a signed cursor,
// JSON.stringify of { data, next_cursor, total, version, fields }. No key, no usage counting, no ETag.
import { createHmac } from 'node:crypto';
import http from 'node:http';
import Database from 'better-sqlite3';

const db = new Database(process.env.DB, { readonly: true });
db.pragma('mmap_size = 268435456');
db.pragma('cache_size = -65536');
const table = process.env.TABLE;
const rowCount = Number(process.env.ROWS);
const version = Number(process.env.VERSION);
const schema = JSON.parse(process.env.SCHEMA);
const indexes = new Map(JSON.parse(process.env.INDEXES));
const byName = new Map(schema.map((f) => [f.name, f]));
const q = (s) => `"${s}"`;
const statements = new Map();
const prepare = (sql) => statements.get(sql) ?? statements.set(sql, db.prepare(sql)).get(sql);
const presented = schema.map((f) => ({ name: f.name, type: f.type, label_zh: f.label_zh, label_en: f.label_en ?? null, primary_key: f.primary_key }));
const ops = { '': '=', gte: '>=', lte: '<=', gt: '>', lt: '<' };

function answer(params) {
  const where = [];
  const filtered = [];
  const values = [];
  let sort = [];
  let limit = 100;
  for (const [name, raw] of params) {
    if (name === 'sort') sort = raw.split(',').map((s) => ({ name: s.replace(/^-/, ''), desc: s.startsWith('-') }));
    else if (name === 'limit') limit = Number(raw);
    else {
      const [col, op = ''] = name.split('__');
      const f = byName.get(col);
      where.push(`${q(col)} ${ops[op]} ?`);
      filtered.push({ col, op });
      values.push(f.type === 'integer' || f.type === 'number' ? Number(raw) : raw);
    }
  }
  const keys = [...sort.map((k) => ({ col: q(k.name), desc: k.desc, name: k.name })), { col: '_rowid', desc: false }];
  const w = where.length ? ` WHERE ${where.join(' AND ')}` : '';
  const total = where.length ? prepare(`SELECT COUNT(*) FROM ${q(table)}${w}`).pluck().get(...values) : rowCount;
  let path = '';
  let plus = '';
  const many = total * total > (limit + 1) * rowCount;
  if (where.length && many) path = keys[0].name && indexes.has(keys[0].name) ? ` INDEXED BY ${q(indexes.get(keys[0].name))}` : !keys[0].name || total * 5 > rowCount ? ' NOT INDEXED' : '';
  const sought = filtered.filter((f) => indexes.has(f.col));
  const bounded = keys[0].name ? sought.some((f) => f.col === keys[0].name) : sought.some((f) => f.op === '');
  if (where.length && !many && sought.length && !bounded) plus = '+';
  const select = [...keys.map((k) => k.col), ...schema.map((f) => q(f.name))].join(', ');
  const sql = `SELECT ${select} FROM ${q(table)}${path}${w} ORDER BY ${plus}${keys.map((k) => `${k.col} ${k.desc ? 'DESC' : 'ASC'}`).join(', ')} LIMIT ${limit + 1}`;
  const raw = prepare(sql).raw(true).all(...values);
  const more = raw.length > limit;
  if (more) raw.pop();
  const data = raw.map((r) => {
    const o = {};
    schema.forEach((f, i) => {
      const v = r[keys.length + i];
      o[f.name] = f.type === 'boolean' && v !== null ? v === 1 : v;
    });
    return o;
  });
  let next_cursor = null;
  if (more) {
    const body = Buffer.from(JSON.stringify({ v: version, k: raw.at(-1).slice(0, keys.length) })).toString('base64url');
    next_cursor = `${body}.${createHmac('sha256', 'floor').update(body).digest('base64url')}`;
  }
  return { data, next_cursor, total, version, fields: presented };
}

http.createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  const body = JSON.stringify(url.pathname === '/records' ? answer(url.searchParams) : { status: 'ok' });
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(body);
}).listen(Number(process.env.PORT), '127.0.0.1');
