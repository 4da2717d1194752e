import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { builder, isPg, type AnyDb } from '../db/engine.js';
import { inTransaction } from '../db/transaction.js';
import { appsTables } from './apps.tables.js';
import type { AppKind, AppStatus } from './apps.types.js';

// The apps, the datasets they name and their screenshots: the only file that writes the showcase's tables.

export type AppRow = {
  id: string; name_zh: string; name_en: string | null; kind: AppKind; description_zh: string; description_en: string | null;
  url: string | null; contact: string; submitted_by: string; status: AppStatus; decided_by: string | null; decided_at: string | null;
  reject_reason: string | null; created_at: string; updated_at: string; is_demo: number;
};

export type ScreenshotRow = { app_id: string; position: number; blob_key: string; sha256: string; content_type: string; width: number; height: number; bytes: number };

const appColumns = (t: ReturnType<typeof appsTables>['apps']) => ({
  id: t.id, name_zh: t.nameZh, name_en: t.nameEn, kind: t.kind, description_zh: t.descriptionZh, description_en: t.descriptionEn,
  url: t.url, contact: t.contact, submitted_by: t.submittedBy, status: t.status, decided_by: t.decidedBy, decided_at: t.decidedAt,
  reject_reason: t.rejectReason, created_at: t.createdAt, updated_at: t.updatedAt, is_demo: t.isDemo,
});

const byteOrder = (db: AnyDb, column: unknown) => (isPg(db) ? sql`${column} COLLATE "C"` : sql`${column}`);

/** One app with the datasets it names and its screenshots, written together. */
export async function insertApp(db: AnyDb, app: AppRow, datasetPks: number[], screenshots: ScreenshotRow[]): Promise<void> {
  const t = appsTables(db);
  await inTransaction(db, async (tx) => {
    await builder(tx).insert(t.apps).values({
      id: app.id, nameZh: app.name_zh, nameEn: app.name_en, kind: app.kind, descriptionZh: app.description_zh, descriptionEn: app.description_en,
      url: app.url, contact: app.contact, submittedBy: app.submitted_by, status: app.status, decidedBy: app.decided_by, decidedAt: app.decided_at,
      rejectReason: app.reject_reason, createdAt: app.created_at, updatedAt: app.updated_at, isDemo: app.is_demo,
    });
    if (datasetPks.length) await builder(tx).insert(t.appDatasets).values([...new Set(datasetPks)].map((datasetPk) => ({ appId: app.id, datasetPk })));
    if (screenshots.length) {
      await builder(tx).insert(t.appScreenshots).values(screenshots.map((s) => ({
        appId: s.app_id, position: s.position, blobKey: s.blob_key, sha256: s.sha256, contentType: s.content_type, width: s.width, height: s.height, bytes: s.bytes,
      })));
    }
  });
}

/** Apps in the given statuses (all when absent), newest first, id as tiebreaker. */
export async function selectApps(db: AnyDb, statuses?: readonly AppStatus[], ids?: readonly string[]): Promise<AppRow[]> {
  const { apps } = appsTables(db);
  return builder(db).select(appColumns(apps)).from(apps)
    .where(and(statuses ? inArray(apps.status, [...statuses]) : undefined, ids ? inArray(apps.id, [...ids]) : undefined))
    .orderBy(desc(byteOrder(db, apps.createdAt)), asc(byteOrder(db, apps.id)));
}

export async function selectApp(db: AnyDb, id: string): Promise<AppRow | undefined> {
  const { apps } = appsTables(db);
  return (await builder(db).select(appColumns(apps)).from(apps).where(eq(apps.id, id)).limit(1))[0];
}

/** The dataset keys each app names. */
export async function selectAppDatasetPks(db: AnyDb, appIds: string[]): Promise<Map<string, number[]>> {
  const out = new Map<string, number[]>();
  if (!appIds.length) return out;
  const { appDatasets } = appsTables(db);
  const rows = await builder(db).select({ app_id: appDatasets.appId, pk: appDatasets.datasetPk }).from(appDatasets)
    .where(inArray(appDatasets.appId, appIds)).orderBy(asc(appDatasets.datasetPk));
  for (const r of rows) out.set(r.app_id, [...(out.get(r.app_id) ?? []), r.pk]);
  return out;
}

/** The ids of the apps naming this dataset. */
export async function selectAppIdsNaming(db: AnyDb, datasetPk: number): Promise<string[]> {
  const { appDatasets } = appsTables(db);
  return (await builder(db).select({ id: appDatasets.appId }).from(appDatasets).where(eq(appDatasets.datasetPk, datasetPk))).map((r) => r.id);
}

export async function selectScreenshots(db: AnyDb, appIds: string[]): Promise<Map<string, ScreenshotRow[]>> {
  const out = new Map<string, ScreenshotRow[]>();
  if (!appIds.length) return out;
  const { appScreenshots: s } = appsTables(db);
  const rows = await builder(db).select({
    app_id: s.appId, position: s.position, blob_key: s.blobKey, sha256: s.sha256, content_type: s.contentType, width: s.width, height: s.height, bytes: s.bytes,
  }).from(s).where(inArray(s.appId, appIds)).orderBy(asc(s.position));
  for (const r of rows) out.set(r.app_id, [...(out.get(r.app_id) ?? []), r]);
  return out;
}

/** Records a decision; returns false when the app does not exist. */
export async function updateAppDecision(db: AnyDb, id: string, status: AppStatus, decidedBy: string, decidedAt: string, reason: string | null): Promise<boolean> {
  const { apps } = appsTables(db);
  const changed = await builder(db).update(apps).set({ status, decidedBy, decidedAt, rejectReason: reason, updatedAt: decidedAt })
    .where(eq(apps.id, id)).returning({ id: apps.id });
  return changed.length > 0;
}

/** Approved apps per dataset key (for "用于 N 个应用"). */
export async function selectApprovedCountsByDataset(db: AnyDb): Promise<Map<number, number>> {
  const { apps, appDatasets } = appsTables(db);
  const rows = await builder(db).select({ pk: appDatasets.datasetPk, n: sql<number>`count(*)`.mapWith(Number) }).from(appDatasets)
    .innerJoin(apps, and(eq(apps.id, appDatasets.appId), eq(apps.status, 'approved'))).groupBy(appDatasets.datasetPk);
  return new Map(rows.map((r) => [r.pk, r.n]));
}

export async function hasDemoApps(db: AnyDb): Promise<boolean> {
  const { apps } = appsTables(db);
  return (await builder(db).select({ id: apps.id }).from(apps).where(eq(apps.isDemo, 1)).limit(1)).length > 0;
}
