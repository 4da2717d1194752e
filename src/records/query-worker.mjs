// A read-only query worker of the records API (see query-pool.ts). Plain JavaScript, so a worker that
// replaces a cancelled one starts in milliseconds (no TypeScript loader to register).
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';

// On Linux a thread has its own nice value: this one yields the CPU to the serving thread (and to everything
// else) when cores are short, so /healthz and cheap pages are not delayed behind a scan. Elsewhere: unchanged.
try {
  os.setPriority(Number(fs.readlinkSync('/proc/thread-self').split('/').pop()), 10);
} catch {
  /* not Linux, or not allowed */
}

const sqlite = new Database(workerData.file, { readonly: true, fileMustExist: true });
sqlite.pragma('mmap_size = 268435456');
sqlite.pragma('cache_size = -32768');
// Queries sent here call kf_live() every 1024 rows they read: a JavaScript call is where V8 can stop the
// thread, so `worker.terminate()` cancels a statement promptly instead of waiting for SQLite to finish it.
sqlite.function('kf_live', { deterministic: false }, () => 1);
const statements = new Map();

function prepare(sql, mode) {
  const key = `${mode}:${sql}`;
  let stmt = statements.get(key);
  if (!stmt) {
    stmt = mode === 'get' ? sqlite.prepare(sql).pluck() : sqlite.prepare(sql).raw(true);
    if (statements.size >= 256) statements.delete(statements.keys().next().value);
    statements.set(key, stmt);
  }
  return stmt;
}

parentPort.on('message', ({ id, statements: batch }) => {
  try {
    const results = batch.map((s) => (s.mode === 'get' ? prepare(s.sql, 'get').get(...s.params) : prepare(s.sql, 'all').all(...s.params)));
    parentPort.postMessage({ id, results });
  } catch (err) {
    parentPort.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
});

parentPort.postMessage({ ready: true });
