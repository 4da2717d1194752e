import { asc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { deliveries, demandComments, demandEvents, demandItems } from './demand.table.js';

// What a demand's page shows beside its row: the datasets it asks for, its timeline, comments and deliveries.

export const itemsOf = async (db: Db, demandId: string) =>
  db.select({ id: demandItems.id, dataset_pk: demandItems.datasetPk, fields: demandItems.fields, filter: demandItems.filter })
    .from(demandItems).where(eq(demandItems.demandId, demandId)).orderBy(asc(demandItems.id)).all();

export const eventsOf = async (db: Db, demandId: string) =>
  db.select({
    id: demandEvents.id, ts: demandEvents.ts, action: demandEvents.action, from_status: demandEvents.fromStatus, to_status: demandEvents.toStatus,
    note: demandEvents.note, actor_user_id: demandEvents.actorUserId,
  }).from(demandEvents).where(eq(demandEvents.demandId, demandId)).orderBy(asc(demandEvents.ts), asc(demandEvents.id)).all();

export const commentsOf = async (db: Db, demandId: string) =>
  db.select({ id: demandComments.id, body: demandComments.body, user_id: demandComments.userId, created_at: demandComments.createdAt })
    .from(demandComments).where(eq(demandComments.demandId, demandId)).orderBy(asc(demandComments.createdAt), asc(demandComments.id)).all();

const deliveryColumns = {
  id: deliveries.id, demand_id: deliveries.demandId, dataset_pk: deliveries.datasetPk, version: deliveries.version, artifact_sha: deliveries.artifactSha,
  artifact_bytes: deliveries.artifactBytes, format: deliveries.format, grant_id: deliveries.grantId, delivered_at: deliveries.deliveredAt,
};

export type StoredDelivery = { id: string; demand_id: string; dataset_pk: number; version: number; artifact_sha: string | null; artifact_bytes: number | null; format: string | null; grant_id: string | null; delivered_at: string };

export const deliveriesOf = async (db: Db, demandId: string): Promise<StoredDelivery[]> =>
  db.select(deliveryColumns).from(deliveries).where(eq(deliveries.demandId, demandId))
    .orderBy(asc(deliveries.deliveredAt), asc(deliveries.datasetPk), asc(deliveries.format)).all();

export const deliveryById = async (db: Db, id: string): Promise<StoredDelivery | undefined> =>
  db.select(deliveryColumns).from(deliveries).where(eq(deliveries.id, id)).get();
