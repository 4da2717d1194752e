// Floor for bench:catalog (run with --import tsx): bare node:http + better-sqlite3 answering the same questions
// as the app, written plainly. Search: the app's q -> FTS5 MATCH translation, one query with bm25 joined to the
// catalog, facet filters, facet counts, sort, a page of 20, a signed cursor, JSON.stringify; no result cache.
// Detail: the dataset and its versions, cached until the catalog's change counter moves, as the app does.
import { createHmac } from 'node:crypto';
import http from 'node:http';
import Database from 'better-sqlite3';
import { toMatchQuery } from '../../../src/lib/segment.ts';

const db = new Database(process.env.DB, { readonly: true });
const search = db.prepare(`SELECT d.pk, d.id, d.code, d.title_zh, d.title_en, d.summary_zh, d.summary_en,
    d.department_id, p.name_zh AS department_zh, p.name_en AS department_en, d.theme_id, t.name_zh AS theme_zh, t.name_en AS theme_en,
    d.open_type, d.update_frequency, d.keywords, d.keywords_en, d.latest_version, d.updated_at, COALESCE(v.row_count, 0) AS records,
    bm25(catalog_fts, 10.0, 3.0, 5.0, 2.0, 1.0) AS rank
  FROM catalog_fts f JOIN datasets d ON d.pk = f.rowid JOIN departments p ON p.id = d.department_id JOIN themes t ON t.id = d.theme_id
  LEFT JOIN versions v ON v.dataset_pk = d.pk AND v.n = d.latest_version
  WHERE catalog_fts MATCH ?`);
const detail = db.prepare(`SELECT d.*, p.name_zh AS department_zh FROM datasets d JOIN departments p ON p.id = d.department_id WHERE d.id = ?`);
const versions = db.prepare('SELECT * FROM versions WHERE dataset_pk = ? ORDER BY n DESC');
const generation = db.prepare('SELECT generation FROM catalog_state WHERE id = 1').pluck();
const details = new Map();

const facets = {
  department: (r) => [r.department_id, r.department_zh, r.department_en],
  theme: (r) => [r.theme_id, r.theme_zh, r.theme_en],
  open_type: (r) => [r.open_type, r.open_type, r.open_type],
  update_frequency: (r) => [r.update_frequency, r.update_frequency, r.update_frequency],
};
// sort -> [column, direction]; pk breaks ties.
const sorts = {
  relevance: ['rank', 1], title: ['title_zh', 1], '-title': ['title_zh', -1],
  updated: ['updated_at', 1], '-updated': ['updated_at', -1], records: ['records', 1], '-records': ['records', -1],
};

function list(params) {
  const match = toMatchQuery(params.get('q') ?? '');
  const rows = match ? search.all(match) : [];
  const filters = Object.keys(facets).filter((f) => params.get(f)).map((f) => [f, params.get(f)]);
  const keep = (r, except) => filters.every(([f, v]) => f === except || facets[f](r)[0] === v);
  const counts = Object.fromEntries(Object.keys(facets).map((f) => {
    const buckets = new Map();
    for (const r of rows) {
      if (!keep(r, f)) continue;
      const [value, label_zh, label_en] = facets[f](r);
      const b = buckets.get(value) ?? { value, label_zh, label_en, count: 0 };
      b.count++;
      buckets.set(value, b);
    }
    return [f, [...buckets.values()].sort((a, b) => b.count - a.count || a.value.localeCompare(b.value))];
  }));
  const [column, sign] = sorts[params.get('sort') ?? 'relevance'];
  const cmp = (a, b) => (a[column] < b[column] ? -sign : a[column] > b[column] ? sign : 0) || a.pk - b.pk;
  const matched = rows.filter((r) => keep(r)).sort(cmp);
  const limit = Number(params.get('limit') ?? 20);
  const page = matched.slice(0, limit).map((r) => ({
    id: r.id, code: r.code, title_zh: r.title_zh, title_en: r.title_en, summary_zh: r.summary_zh, summary_en: r.summary_en,
    department: { id: r.department_id, name_zh: r.department_zh, name_en: r.department_en },
    theme: { id: r.theme_id, name_zh: r.theme_zh, name_en: r.theme_en },
    open_type: r.open_type, update_frequency: r.update_frequency, keywords: JSON.parse(r.keywords), keywords_en: JSON.parse(r.keywords_en),
    latest_version: r.latest_version, records: r.records, updated_at: r.updated_at, url: `/api/v1/datasets/${r.id}`, html_url: `/datasets/${r.id}`,
  }));
  const last = matched.length > limit ? Buffer.from(JSON.stringify([matched[limit - 1][column], matched[limit - 1].pk])).toString('base64url') : null;
  const next_cursor = last && `${last}.${createHmac('sha256', 'floor').update(last).digest('base64url')}`;
  return { data: page, next_cursor, total: matched.length, facets: counts };
}

function datasetDetail(id) {
  const g = generation.get();
  const hit = details.get(id);
  if (hit && hit.g === g) return hit.body;
  const d = detail.get(id);
  const body = d && { ...d, versions: versions.all(d.pk) };
  details.set(id, { g, body });
  return body;
}

http.createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  let body;
  if (url.pathname === '/search') body = list(url.searchParams);
  else if (url.pathname.startsWith('/datasets/')) body = datasetDetail(decodeURIComponent(url.pathname.slice(10)));
  else body = { status: 'ok' };
  res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body ?? { status: 404 }));
}).listen(Number(process.env.PORT), '127.0.0.1');
