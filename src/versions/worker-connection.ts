import type { AppDeps } from '../app-deps.js';
import { isPg, type PgDb } from '../db/engine.js';
import { workerDbFile } from './worker-db.store.js';

/**
 * What a version worker opens for itself: the SQLite file (WAL lets the serving thread read on), or the PostgreSQL
 * database by its URL (each job its own small postgres.js pool, ended with the job).
 */
export type WorkerDb = { file: string } | { url: string };

/** The connection's URL as postgres.js parsed it, for callers that passed no settings (no SSL options: give the URL). */
function urlOf(db: PgDb): string {
  const o = db.$client.options;
  const pass = (o as { pass: unknown }).pass; // typed null, a string at run time (a function cannot be handed over)
  const auth = `${encodeURIComponent(o.user)}${typeof pass === 'string' && pass ? `:${encodeURIComponent(pass)}` : ''}@`;
  const hosts = o.host.map((h, i) => `${h}:${o.port[i] ?? o.port[0]}`).join(',');
  return `postgres://${auth}${hosts}/${encodeURIComponent(o.database)}`;
}

/**
 * Where the version workers find the app's database, or null when they cannot (an in-memory SQLite database, which
 * no other thread can reach: the work then stays on the serving thread).
 */
export function workerDbOf(deps: Pick<AppDeps, 'db'> & Partial<Pick<AppDeps, 'env'>>): WorkerDb | null {
  if (isPg(deps.db)) return { url: deps.env?.KAIFANG_DATABASE_URL ?? urlOf(deps.db) };
  const file = workerDbFile(deps.db);
  return file === null ? null : { file };
}
