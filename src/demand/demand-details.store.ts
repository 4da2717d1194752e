import { asc, eq, sql, type SQLWrapper } from 'drizzle-orm';
import { builder, isPg, type AnyDb } from '../db/engine.js';
import { bytewise, demandTables } from './demand.tables.js';

// What a demand's page shows beside its row: the datasets it asks for, its timeline, comments and deliveries.
// Timestamps are ISO text, ordered byte-wise on both engines.

export async function itemsOf(db: AnyDb, demandId: string) {
  const { demandItems } = demandTables(db);
  return builder(db).select({ id: demandItems.id, dataset_pk: demandItems.datasetPk, fields: demandItems.fields, filter: demandItems.filter })
    .from(demandItems).where(eq(demandItems.demandId, demandId)).orderBy(asc(demandItems.id));
}

export async function eventsOf(db: AnyDb, demandId: string) {
  const { demandEvents } = demandTables(db);
  return builder(db).select({
    id: demandEvents.id, ts: demandEvents.ts, action: demandEvents.action, from_status: demandEvents.fromStatus, to_status: demandEvents.toStatus,
    note: demandEvents.note, actor_user_id: demandEvents.actorUserId,
  }).from(demandEvents).where(eq(demandEvents.demandId, demandId)).orderBy(asc(bytewise(db, demandEvents.ts)), asc(demandEvents.id));
}

export async function commentsOf(db: AnyDb, demandId: string) {
  const { demandComments } = demandTables(db);
  return builder(db).select({ id: demandComments.id, body: demandComments.body, user_id: demandComments.userId, created_at: demandComments.createdAt })
    .from(demandComments).where(eq(demandComments.demandId, demandId)).orderBy(asc(bytewise(db, demandComments.createdAt)), asc(demandComments.id));
}

const deliveryColumns = (deliveries: ReturnType<typeof demandTables>['deliveries']) => ({
  id: deliveries.id, demand_id: deliveries.demandId, dataset_pk: deliveries.datasetPk, version: deliveries.version, artifact_sha: deliveries.artifactSha,
  artifact_bytes: deliveries.artifactBytes, format: deliveries.format, grant_id: deliveries.grantId, delivered_at: deliveries.deliveredAt,
});

// A grant (an API delivery) has no format; SQLite sorts nulls first, PostgreSQL last unless told.
const formatOrder = (db: AnyDb, format: SQLWrapper) => (isPg(db) ? sql`${format} COLLATE "C" ASC NULLS FIRST` : asc(format));

export type StoredDelivery = { id: string; demand_id: string; dataset_pk: number; version: number; artifact_sha: string | null; artifact_bytes: number | null; format: string | null; grant_id: string | null; delivered_at: string };

export async function deliveriesOf(db: AnyDb, demandId: string): Promise<StoredDelivery[]> {
  const { deliveries } = demandTables(db);
  return builder(db).select(deliveryColumns(deliveries)).from(deliveries).where(eq(deliveries.demandId, demandId))
    .orderBy(asc(bytewise(db, deliveries.deliveredAt)), asc(deliveries.datasetPk), formatOrder(db, deliveries.format));
}

export async function deliveryById(db: AnyDb, id: string): Promise<StoredDelivery | undefined> {
  const { deliveries } = demandTables(db);
  return (await builder(db).select(deliveryColumns(deliveries)).from(deliveries).where(eq(deliveries.id, id)).limit(1))[0];
}
