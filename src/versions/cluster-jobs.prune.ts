import { isPg, type AnyDb } from '../db/engine.js';
import type { Logger } from '../lib/context.js';
import { finishedJobRetentionMs, pruneFinishedJobs } from './cluster-jobs.store.js';

/**
 * Keeps the cluster's jobs table from growing forever (PostgreSQL only; SQLite has no jobs table): once soon after the
 * start and then every `everyMs`, each node deletes the jobs finished more than the retention ago (see
 * `finishedJobRetentionMs`). Several nodes doing it at once delete each row once. `stop` waits for a running prune.
 */
export function startJobPruning(db: AnyDb, log: Logger, everyMs = 3600_000): { stop: () => Promise<void> } {
  if (!isPg(db)) return { stop: async () => {} };
  let running: Promise<void> | null = null;
  const prune = () => {
    if (running) return;
    running = pruneFinishedJobs(db)
      .then((n) => { if (n > 0) log.info(`jobs: removed ${n} finished more than ${finishedJobRetentionMs / 86_400_000} days ago`); }, (err: unknown) => log.error('pruning finished jobs failed', err))
      .finally(() => (running = null));
  };
  const first = setTimeout(prune, 10_000);
  const timer = setInterval(prune, everyMs);
  first.unref();
  timer.unref();
  return {
    stop: async () => {
      clearTimeout(first);
      clearInterval(timer);
      await running;
    },
  };
}
