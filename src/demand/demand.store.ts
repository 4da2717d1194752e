import { and, eq } from 'drizzle-orm';
import { builder, type AnyDb } from '../db/engine.js';
import { demandTables } from './demand.tables.js';
import { randomToken } from '../auth/index.js';
import type { DemandKind, DemandStatus } from './demand.machine.js';

export const newDemandId = () => `dm_${randomToken(10)}`;

export type NewDemand = {
  id: string;
  kind: DemandKind;
  title: string;
  description?: string;
  purpose?: string;
  legalBasis?: string | null;
  agreement?: string | null;
  requesterUserId: string;
  requesterDepartmentId: string | null;
  providerDepartmentId: string | null;
  datasetPk?: number | null;
  deliveryMode?: 'file' | 'api' | 'recurring' | null;
  dueAt: string | null;
  firstResponseDueAt: string;
  rowRef?: string | null;
  fieldRef?: string | null;
  createdAt: string;
};

export async function insertDemand(db: AnyDb, d: NewDemand): Promise<void> {
  const { demands } = demandTables(db);
  await builder(db).insert(demands).values({
    id: d.id, kind: d.kind, title: d.title, description: d.description ?? '', purpose: d.purpose ?? '', legalBasis: d.legalBasis ?? null,
    agreement: d.agreement ?? null, requesterUserId: d.requesterUserId, requesterDepartmentId: d.requesterDepartmentId,
    providerDepartmentId: d.providerDepartmentId, datasetPk: d.datasetPk ?? null, deliveryMode: d.deliveryMode ?? null, dueAt: d.dueAt,
    firstResponseDueAt: d.firstResponseDueAt, status: 'submitted', rowRef: d.rowRef ?? null, fieldRef: d.fieldRef ?? null, createdAt: d.createdAt, updatedAt: d.createdAt,
  });
}

export async function insertItem(db: AnyDb, demandId: string, item: { datasetPk: number; fields: string[] | null; filter: string | null }): Promise<void> {
  const { demandItems } = demandTables(db);
  await builder(db).insert(demandItems).values({ demandId, datasetPk: item.datasetPk, fields: item.fields, filter: item.filter });
}

export type EventInput = { demandId: string; ts: string; actorUserId: string | null; action: string; from: DemandStatus | null; to: DemandStatus; note?: string | null };

export async function recordEvent(db: AnyDb, e: EventInput): Promise<void> {
  const { demandEvents } = demandTables(db);
  await builder(db).insert(demandEvents).values({ demandId: e.demandId, ts: e.ts, actorUserId: e.actorUserId, action: e.action, fromStatus: e.from, toStatus: e.to, note: e.note ?? null });
}

/** Columns a step may set besides the status; the names are fixed here, never taken from a request. */
export type DemandPatch = {
  planned_for?: string;
  linked_dataset_pk?: number;
  linked_version?: number;
  rating?: number;
  rating_comment?: string | null;
  provider_department_id?: string;
};

/**
 * Moves the status only if it still is `from`: two people acting at once (on one node or on two) cannot both
 * succeed. One UPDATE guarded by the status: on PostgreSQL the second of two concurrent updates waits for the
 * first, re-reads the row and no longer matches. False when someone else moved it first.
 */
export async function moveStatus(db: AnyDb, id: string, from: DemandStatus, to: DemandStatus, patch: DemandPatch, ts: string): Promise<boolean> {
  const { demands } = demandTables(db);
  const set = {
    status: to, updatedAt: ts, plannedFor: patch.planned_for, linkedDatasetPk: patch.linked_dataset_pk, linkedVersion: patch.linked_version,
    rating: patch.rating, ratingComment: patch.rating_comment, providerDepartmentId: patch.provider_department_id,
  };
  const moved = await builder(db).update(demands).set(set).where(and(eq(demands.id, id), eq(demands.status, from))).returning({ id: demands.id });
  return moved.length === 1;
}

export type NewDelivery = {
  id: string; demandId: string; datasetPk: number; version: number; deliveredAt: string;
  artifact?: { sha256: string; path: string; bytes: number; format: string }; grantId?: string;
};

export async function insertDelivery(db: AnyDb, d: NewDelivery): Promise<void> {
  const { deliveries } = demandTables(db);
  await builder(db).insert(deliveries).values({
    id: d.id, demandId: d.demandId, datasetPk: d.datasetPk, version: d.version, artifactSha: d.artifact?.sha256 ?? null, artifactPath: d.artifact?.path ?? null,
    artifactBytes: d.artifact?.bytes ?? null, format: d.artifact?.format ?? null, grantId: d.grantId ?? null, deliveredAt: d.deliveredAt,
  });
}

export const newDeliveryId = () => `dl_${randomToken(10)}`;
