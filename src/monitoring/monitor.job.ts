import { isPg } from '../db/engine.js';
import { claimJob, enqueueJob, failJob, finishJob, holdJobLease } from '../versions/index.js';
import { runMonitor, type MonitorDeps, type MonitorSummary } from './monitor.run.js';
import { startPeriodicJob } from '../lib/periodic-job.js';

const monitorKind = 'monitor';
const monitorLeaseMs = 10 * 60_000;
/** The first run waits this long after the start: a start (migrations, seeding, warming caches) is not slowed by it. */
export const firstMonitorDelayMs = 5 * 60_000;

export const describeSummary = (s: MonitorSummary) =>
  `monitor: ${s.findings} finding(s); ${s.opened} warning(s) opened, ${s.stillOpen} still open (${s.escalated} escalated now), ${s.closed} closed`;

/**
 * One scheduled round. On PostgreSQL several nodes share the database: the round is one job per slot of `everyMs`
 * in the cluster's queue (src/versions/cluster-jobs.store.ts), added by whichever node comes first and claimed by one;
 * the others find nothing to claim. A node that dies mid-round lets its lease lapse and another takes the job over.
 */
async function scheduledRound(deps: MonitorDeps & { now: () => Date }, everyMs: number): Promise<void> {
  const { db } = deps;
  if (!isPg(db)) {
    deps.log.info(describeSummary(await runMonitor(deps, { now: deps.now() })));
    return;
  }
  await enqueueJob(db, monitorKind, `${monitorKind}:${Math.floor(deps.now().getTime() / everyMs)}`);
  const job = await claimJob(db, monitorKind, monitorLeaseMs);
  if (!job) return;
  const lease = holdJobLease(db, job, monitorLeaseMs);
  try {
    deps.log.info(describeSummary(await runMonitor(deps, { now: deps.now() })));
    await finishJob(db, job);
  } catch (err) {
    await failJob(db, job, err).catch(() => {});
    throw err;
  } finally {
    lease.stop();
  }
}

/**
 * Runs the monitor every `everyHours` (KAIFANG_MONITOR_EVERY_HOURS; 0: never), the first time `firstDelayMs` after
 * the start. The timers do not keep the process alive; `stop` waits for a round that is running. The heavy part, the
 * sha256 of every file, is streamed one file at a time, so requests are served between its reads.
 */
export function startMonitor(deps: MonitorDeps & { now: () => Date }, everyHours: number, firstDelayMs = firstMonitorDelayMs): { stop: () => Promise<void> } {
  if (everyHours <= 0) return { stop: async () => {} };
  const everyMs = everyHours * 3600_000;
  return startPeriodicJob(() => scheduledRound(deps, everyMs), { everyMs, firstDelayMs, onError: (err) => deps.log.error('monitor round failed', err) });
}
