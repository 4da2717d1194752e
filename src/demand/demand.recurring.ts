import type { AppDeps } from '../app-deps.js';
import { inTransaction } from '../db/transaction.js';
import { isPg, type AnyDb, type PgDb } from '../db/engine.js';
import { claimJob, enqueueJob, failJob, finishJob, holdJobLease } from '../versions/index.js';
import type { DemandCtx } from './demand.context.js';
import { createDemandCtx } from './demand.context.js';
import { recurringOrdersDue } from './demand-recurring.sql.js';
import { demandItems, getDemand } from './demand.queries.js';
import { deliveryNote, prepareSnapshots, recordHandovers } from './demand.delivery.js';
import { isoSeconds } from '../lib/dates.js';
import { recordEvent } from './demand.store.js';
import { notificationText, notifyRequester } from './demand.notify.js';
import { countHandovers } from './demand.usage.js';

/** A recurring order is delivered again every month, for a year after its first delivery. */
export const recurringMonths = 12;

const monthsBefore = (t: Date, months: number) => {
  const d = new Date(t);
  d.setUTCMonth(d.getUTCMonth() - months);
  return isoSeconds(d);
};

/** Recurring orders whose last file is a month old or more, and whose first one is less than a year old. */
const dueOrders = async (ctx: DemandCtx, now: Date): Promise<string[]> => await recurringOrdersDue(ctx.deps.db, monthsBefore(now, 1), monthsBefore(now, recurringMonths));

/**
 * Writes this month's snapshot of every recurring order that is due: the latest version with the
 * same fields and filter. The status stays; the timeline gets a `redeliver` event (from = to), and
 * the requester a notification; each counts as a delivery. Returns how many orders this process served.
 * On PostgreSQL several nodes may run this at once: each due order becomes one job per month in the cluster's
 * queue (src/versions/cluster-jobs.store.ts), claimed by one node, and marked done in the transaction that
 * records the delivery, so it is delivered once whichever nodes run, die or retry.
 */
export async function runRecurringDeliveries(ctx: DemandCtx): Promise<number> {
  const { db } = ctx.deps;
  if (isPg(db)) return await runRecurringJobs(ctx, db);
  let served = 0;
  for (const id of await dueOrders(ctx, ctx.deps.now())) {
    try {
      await deliverAgain(ctx, id, async () => {});
      served++;
    } catch (err) {
      // One order whose dataset went away must not stop the others; it is tried again next time.
      ctx.deps.log.error(`recurring delivery of order ${id} failed`, err);
    }
  }
  return served;
}

/** One redelivery of order `id`; `inside` runs in the transaction that records it (and may throw to undo it). */
async function deliverAgain(ctx: DemandCtx, id: string, inside: (tx: AnyDb) => Promise<void>): Promise<void> {
  const { db } = ctx.deps;
  const d = (await getDemand(db, id, ctx.deps.now()))!;
  const handovers = await prepareSnapshots(ctx, await demandItems(db, id));
  const ts = isoSeconds(ctx.deps.now());
  await inTransaction(db, async (tx) => {
    await recordHandovers(tx, d, handovers, ts, null);
    await recordEvent(tx, { demandId: id, ts, actorUserId: null, action: 'redeliver', from: d.status, to: d.status, note: deliveryNote(handovers, null) });
    await notifyRequester(tx, d, notificationText.deliver(d.title), ts, null);
    await inside(tx);
  });
  countHandovers(ctx.deps, d, handovers);
}

/** A node's lease on a recurring delivery; renewed while it runs, so only a node that stopped loses it. */
export const recurringLeaseMs = 120_000;
const recurringKind = 'recurring';

class ClaimLost extends Error {}

async function runRecurringJobs(ctx: DemandCtx, db: PgDb): Promise<number> {
  const now = ctx.deps.now();
  const month = isoSeconds(now).slice(0, 7);
  const due = await dueOrders(ctx, now);
  for (const id of due) await enqueueJob(db, recurringKind, `${recurringKind}:${id}:${month}`, JSON.stringify({ id }));
  let served = 0;
  for (let job = await claimJob(db, recurringKind, recurringLeaseMs); job; job = await claimJob(db, recurringKind, recurringLeaseMs)) {
    const { id } = JSON.parse(job.payload) as { id: string };
    const lease = holdJobLease(db, job, recurringLeaseMs);
    try {
      // A job queued in an earlier month, or whose order was served meanwhile, is closed without a delivery.
      if (!(await dueOrders(ctx, ctx.deps.now())).includes(id)) {
        await finishJob(db, job);
        continue;
      }
      const claimed = job;
      await deliverAgain(ctx, id, async (tx) => {
        if (!(await finishJob(tx as PgDb, claimed))) throw new ClaimLost(`order ${id}: another node took this delivery over`);
      });
      served++;
    } catch (err) {
      if (err instanceof ClaimLost) continue; // the other node delivers it; nothing was recorded here
      ctx.deps.log.error(`recurring delivery of order ${id} failed`, err);
      await failJob(db, job, err).catch((e: unknown) => ctx.deps.log.error('recurring delivery: giving the job back failed', e));
    } finally {
      lease.stop();
    }
  }
  return served;
}

/**
 * Checks for due recurring deliveries every `everyMs` (KAIFANG_RECURRING_CHECK_MS, an hour by default; the timer does
 * not keep the process alive). `stop` ends the checks and resolves once a check that is running has finished, so
 * shutting down can close the database after it.
 */
export function startRecurringDeliveries(deps: AppDeps, everyMs = 3600_000): { stop: () => Promise<void> } {
  const ctx = createDemandCtx(deps);
  let running: Promise<void> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    running = runRecurringDeliveries(ctx)
      .then(() => {}, (err: unknown) => deps.log.error('recurring deliveries failed', err))
      .finally(() => (running = null));
  }, everyMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
