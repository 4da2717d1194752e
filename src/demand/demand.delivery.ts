import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Db } from '../db/client.js';
import { ApiError } from '../lib/errors.js';
import { artifactWriters, artifactSpecs, storeArtifact } from '../versions/index.js';
import type { RecordsTarget } from '../records/index.js';
import { addGrant } from '../keys/index.js';
import type { DemandCtx } from './demand.context.js';
import { itemQuery } from './demand.filter.js';
import type { DemandRow, ItemRow } from './demand.queries.js';
import { insertDelivery, newDeliveryId } from './demand.store.js';
import { endOfShanghaiDay, shanghaiDay } from './demand.workdays.js';

export const snapshotFormats = ['csv', 'xlsx'] as const;

type StoredFile = { format: (typeof snapshotFormats)[number]; sha256: string; path: string; bytes: number };
/** What a delivery hands over per dataset: files of a pinned version, or a grant on it. */
export type Handover = { datasetPk: number; datasetId: string; version: number; rows: number; bytes: number; files: StoredFile[]; fields: string[] | null };

async function latestOf(ctx: DemandCtx, item: ItemRow): Promise<RecordsTarget> {
  try {
    return await ctx.resolver.latest(item.dataset_id);
  } catch (err) {
    if (err instanceof ApiError) throw new ApiError(422, 'dataset_unavailable', `'${item.dataset_id}' has no published version to deliver (${err.message}).`);
    throw err;
  }
}

const itemFields = (item: ItemRow) => item.fields;

/** The latest version with the requested fields and filter applied, written as CSV and XLSX into the content-addressed store. */
async function snapshotItem(ctx: DemandCtx, item: ItemRow): Promise<Handover> {
  const target = await latestOf(ctx, item);
  let query;
  try {
    query = itemQuery(target.schema, itemFields(item), item.filter);
  } catch (err) {
    if (err instanceof ApiError) throw new ApiError(422, 'request_outdated', `The requested fields or filter of '${item.dataset_id}' do not fit its version ${target.n}: ${err.message}`);
    throw err;
  }
  const files: StoredFile[] = [];
  let rows = 0;
  for (const format of snapshotFormats) {
    let count = 0;
    const reader = ctx.reader;
    // The records API's own walk: a chunk no index bounds on a large version is read by its query workers. Each batch
    // in its own turn of the event loop, so a large snapshot never holds the serving thread for more than one.
    async function* batches() {
      const walk = await reader.walk(target, query!, null);
      while (!walk.done) {
        await yieldToEventLoop();
        const batch = await walk.read(1000);
        count += batch.length;
        if (batch.length) yield batch;
      }
    }
    const info = await storeArtifact(ctx.deps, artifactSpecs[format].ext, artifactWriters[format](batches(), query.fields));
    files.push({ format, ...info });
    rows = count;
  }
  return { datasetPk: target.datasetPk, datasetId: target.datasetId, version: target.n, rows, bytes: files.reduce((s, f) => s + f.bytes, 0), files, fields: itemFields(item) };
}

export async function prepareSnapshots(ctx: DemandCtx, items: ItemRow[]): Promise<Handover[]> {
  const out: Handover[] = [];
  for (const item of items) out.push(await snapshotItem(ctx, item));
  return out;
}

export function prepareGrants(ctx: DemandCtx, items: ItemRow[]): Promise<Handover[]> {
  return Promise.all(items.map(async (item) => {
    const target = await latestOf(ctx, item);
    return { datasetPk: target.datasetPk, datasetId: target.datasetId, version: target.n, rows: target.rowCount, bytes: 0, files: [], fields: itemFields(item) };
  }));
}

/** A grant lasts a year unless the provider says otherwise (to the end of that day, Beijing time). */
export function grantExpiry(now: Date, requested: string | undefined): string {
  const today = shanghaiDay(now);
  if (requested && requested <= today) {
    throw new ApiError(400, 'invalid_body', 'The grant must expire after today.', { errors: [{ field: 'expires_at', message: 'a date after today' }] });
  }
  const inAYear = `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`;
  return endOfShanghaiDay(requested ?? (inAYear.endsWith('02-29') ? inAYear.replace('02-29', '02-28') : inAYear));
}

/** Inside the deliver transaction: the delivery rows, and for API delivery the grants they stand for. */
export async function recordHandovers(db: Db, d: DemandRow, handovers: Handover[], ts: string, expiresAt: string | null): Promise<void> {
  for (const h of handovers) {
    if (expiresAt) {
      const holder = d.requester_department_id ? { departmentId: d.requester_department_id } : { userId: d.requester_user_id };
      const grantId = await addGrant(db, { ...holder, datasetPk: h.datasetPk, fields: h.fields, expiresAt, demandId: d.id }, new Date(ts));
      await insertDelivery(db, { id: newDeliveryId(), demandId: d.id, datasetPk: h.datasetPk, version: h.version, deliveredAt: ts, grantId });
      continue;
    }
    for (const f of h.files) {
      await insertDelivery(db, { id: newDeliveryId(), demandId: d.id, datasetPk: h.datasetPk, version: h.version, deliveredAt: ts, artifact: { sha256: f.sha256, path: f.path, bytes: f.bytes, format: f.format } });
    }
  }
}

export function deliveryNote(handovers: Handover[], expiresAt: string | null): string {
  const what = handovers.map((h) => `${h.datasetId} 第 ${h.version} 版${expiresAt ? '' : ` ${h.rows} 条`}`).join('；');
  return expiresAt ? `API 授权，有效期至 ${shanghaiDay(new Date(expiresAt))}（北京时间）：${what}` : `文件快照（CSV、XLSX）：${what}`;
}
