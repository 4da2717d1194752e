// Floor for bench:catalog: bare node:http + better-sqlite3 answering the same two queries as the app
// (FTS search with bm25 joined to the catalog; one dataset's detail), JSON.stringify, nothing else.
import http from 'node:http';
import Database from 'better-sqlite3';

const db = new Database(process.env.DB, { readonly: true });
const search = db.prepare(`SELECT d.*, p.name_zh AS department_zh, v.row_count FROM catalog_fts f
  JOIN datasets d ON d.pk = f.rowid JOIN departments p ON p.id = d.department_id
  LEFT JOIN versions v ON v.dataset_pk = d.pk AND v.n = d.latest_version
  WHERE catalog_fts MATCH ? ORDER BY bm25(catalog_fts, 10.0, 3.0, 5.0, 2.0, 1.0) LIMIT 20`);
const detail = db.prepare(`SELECT d.*, p.name_zh AS department_zh FROM datasets d JOIN departments p ON p.id = d.department_id WHERE d.id = ?`);
const versions = db.prepare('SELECT * FROM versions WHERE dataset_pk = ? ORDER BY n DESC');

http.createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  let body;
  if (url.pathname === '/search') body = { data: search.all(url.searchParams.get('match')) };
  else if (url.pathname.startsWith('/datasets/')) {
    const d = detail.get(url.pathname.slice(10));
    body = { ...d, versions: versions.all(d.pk) };
  } else body = { status: 'ok' };
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}).listen(Number(process.env.PORT), '127.0.0.1');
