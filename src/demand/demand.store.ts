import type { Db } from '../db/client.js';
import { randomToken } from '../auth/auth.crypto.js';
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

export function insertDemand(db: Db, d: NewDemand): void {
  db.$client
    .prepare(
      `INSERT INTO demands (id, kind, title, description, purpose, legal_basis, agreement, requester_user_id, requester_department_id, provider_department_id,
                            dataset_pk, delivery_mode, due_at, first_response_due_at, status, row_ref, field_ref, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'submitted', ?, ?, ?, ?)`,
    )
    .run(
      d.id, d.kind, d.title, d.description ?? '', d.purpose ?? '', d.legalBasis ?? null, d.agreement ?? null, d.requesterUserId, d.requesterDepartmentId,
      d.providerDepartmentId, d.datasetPk ?? null, d.deliveryMode ?? null, d.dueAt, d.firstResponseDueAt, d.rowRef ?? null, d.fieldRef ?? null, d.createdAt, d.createdAt,
    );
}

export function insertItem(db: Db, demandId: string, item: { datasetPk: number; fields: string[] | null; filter: string | null }): void {
  db.$client
    .prepare('INSERT INTO demand_items (demand_id, dataset_pk, fields, filter) VALUES (?, ?, ?, ?)')
    .run(demandId, item.datasetPk, item.fields ? JSON.stringify(item.fields) : null, item.filter);
}

export type EventInput = { demandId: string; ts: string; actorUserId: string | null; action: string; from: DemandStatus | null; to: DemandStatus; note?: string | null };

export function recordEvent(db: Db, e: EventInput): void {
  db.$client
    .prepare('INSERT INTO demand_events (demand_id, ts, actor_user_id, action, from_status, to_status, note) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(e.demandId, e.ts, e.actorUserId, e.action, e.from, e.to, e.note ?? null);
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

const patchColumns = ['planned_for', 'linked_dataset_pk', 'linked_version', 'rating', 'rating_comment', 'provider_department_id'] as const;

/**
 * Moves the status only if it still is `from`: two people acting at once cannot both succeed.
 * False when someone else moved it first.
 */
export function moveStatus(db: Db, id: string, from: DemandStatus, to: DemandStatus, patch: DemandPatch, ts: string): boolean {
  const sets = ['status = @to', 'updated_at = @ts'];
  const params: Record<string, unknown> = { id, from, to, ts };
  for (const col of patchColumns) {
    if (patch[col] === undefined) continue;
    sets.push(`${col} = @${col}`);
    params[col] = patch[col];
  }
  return db.$client.prepare(`UPDATE demands SET ${sets.join(', ')} WHERE id = @id AND status = @from`).run(params).changes === 1;
}

export type NewDelivery = {
  id: string; demandId: string; datasetPk: number; version: number; deliveredAt: string;
  artifact?: { sha256: string; path: string; bytes: number; format: string }; grantId?: string;
};

export function insertDelivery(db: Db, d: NewDelivery): void {
  db.$client
    .prepare(
      `INSERT INTO deliveries (id, demand_id, dataset_pk, version, artifact_sha, artifact_path, artifact_bytes, format, grant_id, delivered_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(d.id, d.demandId, d.datasetPk, d.version, d.artifact?.sha256 ?? null, d.artifact?.path ?? null, d.artifact?.bytes ?? null, d.artifact?.format ?? null, d.grantId ?? null, d.deliveredAt);
}

export const newDeliveryId = () => `dl_${randomToken(10)}`;
