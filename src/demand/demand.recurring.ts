import type { AppDeps } from '../app-deps.js';
import { inTransaction } from '../db/transaction.js';
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
 * the requester a notification; each counts as a delivery. Returns how many orders were served.
 */
export async function runRecurringDeliveries(ctx: DemandCtx): Promise<number> {
  const { db } = ctx.deps;
  let served = 0;
  for (const id of await dueOrders(ctx, ctx.deps.now())) {
    const d = (await getDemand(db, id, ctx.deps.now()))!;
    try {
      const handovers = await prepareSnapshots(ctx, await demandItems(db, id));
      const ts = isoSeconds(ctx.deps.now());
      await inTransaction(db, async (tx) => {
        await recordHandovers(tx, d, handovers, ts, null);
        await recordEvent(tx, { demandId: id, ts, actorUserId: null, action: 'redeliver', from: d.status, to: d.status, note: deliveryNote(handovers, null) });
        await notifyRequester(tx, d, notificationText.deliver(d.title), ts, null);
      });
      countHandovers(ctx.deps, d, handovers);
      served++;
    } catch (err) {
      // One order whose dataset went away must not stop the others; it is tried again next time.
      ctx.deps.log.error(`recurring delivery of order ${id} failed`, err);
    }
  }
  return served;
}

/** Checks for due recurring deliveries every hour (the timer does not keep the process alive). */
export function startRecurringDeliveries(deps: AppDeps, everyMs = 3600_000): { stop: () => void } {
  const ctx = createDemandCtx(deps);
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    runRecurringDeliveries(ctx)
      .catch((err) => deps.log.error('recurring deliveries failed', err))
      .finally(() => (running = false));
  }, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
