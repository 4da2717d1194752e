// Floor for bench:startup: a bare node:http server that opens the same SQLite file and answers /healthz.
import http from 'node:http';
import Database from 'better-sqlite3';

const db = new Database(process.env.DB, { readonly: true });
const count = db.prepare('SELECT COUNT(*) FROM datasets').pluck();
http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ status: 'ok', datasets: count.get() }));
}).listen(Number(process.env.PORT), '127.0.0.1');
