import fs from 'node:fs';
import path from 'node:path';

// Which test files the PostgreSQL pass runs (vitest.config.ts, project `postgres`): every integration test file,
// that is every test file of tests/ and web/ that builds the portal with createTestApp (tests/helpers.ts), except
// the files below, which stay on the SQLite pass only. Each says why. The stores of every feature run on both
// engines in tests/*-stores-engines.test.ts; the multi-node behaviour in tests/two-nodes.test.ts and friends.

export const sqliteOnlyFiles: { file: string; why: string }[] = [
  { file: 'tests/publish-crash.test.ts', why: 'kill -9 of a CLI publish on the SQLite file, and its recovery (on PostgreSQL: tests/two-nodes.test.ts)' },
  { file: 'tests/publish-lock.test.ts', why: 'the CLI and the server, two processes, on one SQLite file (on PostgreSQL: tests/two-nodes.test.ts)' },
  { file: 'tests/version-repair.test.ts', why: '`kaifang check --repair` on the SQLite file of a data directory' },
  { file: 'tests/worker-recycle.test.ts', why: 'the better-sqlite3 worker-thread pools' },
  { file: 'tests/records-offload.test.ts', why: 'the query workers that read the SQLite file off the serving thread' },
  { file: 'tests/demand-snapshot-offload.test.ts', why: 'the query workers that read the SQLite file off the serving thread' },
  { file: 'tests/records-search-index.test.ts', why: 'SQLite FTS indexes built in a worker thread (on PostgreSQL: the search-index job, tests/cluster-jobs.test.ts)' },
  { file: 'tests/publish-diff.test.ts', why: "the SQLite diffTables over better-sqlite3 itself (PostgreSQL's twin: tests/versions-stores-engines.test.ts)" },
  { file: 'tests/publish-artifacts.test.ts', why: 'artifact writers over a better-sqlite3 connection and the serving thread during a large SQLite publish' },
  { file: 'tests/migrate-to.test.ts', why: 'its source is an embedded (SQLite) install; its target is PostgreSQL already' },
  { file: 'tests/app-state.test.ts', why: 'a second connection on the same SQLite file' },
  { file: 'tests/keys-app-state.test.ts', why: "two apps on one database each keep their own rate limiter; on PostgreSQL one key's rate is shared by design (tests/two-nodes.test.ts)" },
  { file: 'tests/logs.test.ts', why: 'the server process started on the test app\'s SQLite data directory; its log does not depend on the engine' },
  { file: 'tests/catalog-cache.test.ts', why: 'another process writes the SQLite file (on PostgreSQL: the generation check, tests/two-nodes.test.ts)' },
];

const root = path.dirname(path.dirname(path.dirname(new URL(import.meta.url).pathname)));

/** The integration test files of the PostgreSQL pass, relative to the project root. */
export function postgresPassFiles(): string[] {
  const skipped = new Set(sqliteOnlyFiles.map((f) => f.file));
  return ['tests', 'web']
    .flatMap((dir) => fs.readdirSync(path.join(root, dir)).filter((f) => f.endsWith('.test.ts')).map((f) => `${dir}/${f}`))
    .filter((f) => !skipped.has(f) && fs.readFileSync(path.join(root, f), 'utf8').includes('createTestApp('))
    .sort();
}
