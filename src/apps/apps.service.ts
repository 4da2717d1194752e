import { randomBytes } from 'node:crypto';
import type { AppDeps } from '../app-deps.js';
import { ApiError } from '../lib/errors.js';
import { userNamesById } from '../auth/index.js';
import { insertApp, selectApp, selectAppIdsNaming, selectApprovedCountsByDataset, selectApps, selectScreenshots, updateAppDecision, type AppRow } from './apps.store.js';
import { datasetPksCalledByKeysOf, datasetRefsByIds, hasApiKeys } from './apps-lookups.sql.js';
import { canModerate, canSeeUndecided } from './apps.policy.js';
import { summarise } from './apps.present.js';
import { readScreenshotBytes, reencodeScreenshots, storeScreenshot } from './apps.images.js';
import { notifyModeratorsOfSubmission, notifySubmitterOfDecision } from './apps.notify.js';
import { validateSubmission } from './apps.validate.js';
import type { AppDetail, AppEvidence, AppFilters, AppList, AppSummary, AppViewer, ModerationDecision, ScreenshotUpload, SubmitAppInput } from './apps.types.js';

type Deps = Pick<AppDeps, 'db' | 'files' | 'now'>;

const evidenceWindowDays = 90;

const matchesText = (a: AppSummary, q: string) =>
  [a.name_zh, a.name_en, a.description_zh, a.description_en].some((s) => s?.toLowerCase().includes(q));

/** Public lists are approved only; other statuses list what the viewer submitted or may moderate. */
export async function listApps(deps: Pick<AppDeps, 'db'>, filters: AppFilters = {}): Promise<AppList> {
  const status = filters.status ?? 'approved';
  const viewer = filters.viewer ?? null;
  if (status !== 'approved' && !viewer) return { total: 0, items: [] };
  const rows = await selectApps(deps.db, [status]);
  const q = filters.q?.trim().toLowerCase();
  const all = (await summarise(deps.db, rows)).filter((a, i) =>
    (status === 'approved' || canSeeUndecided(viewer, { ...a, submitted_by: rows[i]!.submitted_by }))
    && (!q || matchesText(a, q))
    && (!filters.kind || a.kind === filters.kind)
    && (!filters.themeId || a.theme_ids.includes(filters.themeId))
    && (!filters.departmentId || a.department_ids.includes(filters.departmentId))
    && (!filters.datasetId || a.datasets.some((d) => d.id === filters.datasetId)));
  const limit = Math.max(1, Math.min(filters.limit ?? 20, 100));
  const page = Math.max(1, filters.page ?? 1);
  return { total: all.length, items: all.slice((page - 1) * limit, page * limit) };
}

async function evidenceOf(deps: Pick<AppDeps, 'db' | 'now'>, row: AppRow, summary: AppSummary): Promise<AppEvidence> {
  const now = deps.now();
  const since = new Date(now.getTime() - evidenceWindowDays * 86_400_000).toISOString();
  const refs = await datasetRefsByIds(deps.db, summary.datasets.map((d) => d.id));
  const called = new Set(await datasetPksCalledByKeysOf(deps.db, row.submitted_by, refs.map((r) => Number(r.pk)), since));
  const claimed = summary.datasets.map((d) => d.id);
  const observed = refs.filter((r) => called.has(Number(r.pk))).map((r) => r.id).sort();
  return { claimed, observed, checked_at: now.toISOString(), has_keys: await hasApiKeys(deps.db, row.submitted_by) };
}

async function detailOf(deps: Pick<AppDeps, 'db' | 'now'>, row: AppRow, viewer: AppViewer): Promise<AppDetail> {
  const [summary] = await summarise(deps.db, [row]);
  const who = { ...summary!, submitted_by: row.submitted_by };
  const names = await userNamesById(deps.db, [row.submitted_by]);
  const mayModerate = canModerate(viewer, summary!);
  const showEvidence = !!viewer && (viewer.id === row.submitted_by || mayModerate);
  return {
    ...summary!, contact: row.contact, submitted_by: row.submitted_by, submitter_name: names.get(row.submitted_by)?.name ?? null,
    decided_by: row.decided_by, reject_reason: row.reject_reason, updated_at: row.updated_at,
    evidence: showEvidence ? await evidenceOf(deps, row, who) : null, can_moderate: mayModerate,
  };
}

/** The app as this viewer may see it: approved ones to anyone, others to their submitter and moderators; else null. */
export async function getApp(deps: Pick<AppDeps, 'db' | 'now'>, id: string, viewer: AppViewer): Promise<AppDetail | null> {
  const row = await selectApp(deps.db, id);
  if (!row) return null;
  if (row.status !== 'approved') {
    const [summary] = await summarise(deps.db, [row]);
    if (!canSeeUndecided(viewer, { ...summary!, submitted_by: row.submitted_by })) return null;
  }
  return detailOf(deps, row, viewer);
}

export async function submitApp(deps: Deps, viewer: AppViewer, input: SubmitAppInput, screenshots: ScreenshotUpload[] = []): Promise<AppDetail> {
  if (!viewer) throw new ApiError(401, 'unauthenticated', 'Sign in first: POST /api/v1/auth/login with your e-mail and password.');
  const valid = validateSubmission(input);
  const refs = await datasetRefsByIds(deps.db, valid.datasets);
  const missing = valid.datasets.filter((id) => !refs.some((r) => r.id === id));
  if (missing.length) throw new ApiError(422, 'unknown_dataset', `没有这些数据集 / No such dataset: ${missing.join(', ')}`, { errors: missing.map((id) => ({ field: 'datasets', value: id, message: 'no such dataset' })) });
  const images = await reencodeScreenshots(screenshots);
  const keys: string[] = [];
  for (const image of images) keys.push(await storeScreenshot(deps.files, image));
  const ts = deps.now().toISOString();
  const id = `app_${randomBytes(9).toString('base64url')}`;
  await insertApp(deps.db, {
    id, name_zh: valid.name_zh, name_en: valid.name_en, kind: valid.kind, description_zh: valid.description_zh, description_en: valid.description_en,
    url: valid.url, contact: valid.contact, submitted_by: viewer.id, status: 'pending', decided_by: null, decided_at: null, reject_reason: null,
    created_at: ts, updated_at: ts, is_demo: 0,
  }, refs.map((r) => Number(r.pk)), images.map((image, position) => ({
    app_id: id, position, blob_key: keys[position]!, sha256: image.sha256, content_type: image.contentType, width: image.width, height: image.height, bytes: image.bytes.byteLength,
  })));
  const detail = (await getApp(deps, id, viewer))!;
  await notifyModeratorsOfSubmission(deps.db, detail, viewer.id, ts);
  return detail;
}

export async function moderateApp(deps: Pick<AppDeps, 'db' | 'now'>, viewer: AppViewer, id: string, decision: ModerationDecision): Promise<AppDetail> {
  if (!viewer) throw new ApiError(401, 'unauthenticated', 'Sign in first: POST /api/v1/auth/login with your e-mail and password.');
  const row = await selectApp(deps.db, id);
  const [summary] = row ? await summarise(deps.db, [row]) : [];
  // Ids are random: saying that a pending app exists (403 rather than 404) tells a wrong moderator nothing useful.
  if (!row || !summary) throw new ApiError(404, 'not_found', `App '${id}' does not exist`);
  if (!canModerate(viewer, summary)) {
    throw new ApiError(403, 'forbidden', '只有管理员和所用数据集所属部门可以审核 / Only admins and the departments owning the datasets it names may moderate this app.');
  }
  const reason = decision.reason?.trim() ?? '';
  if (decision.decision === 'reject' && !reason) throw new ApiError(400, 'reason_required', '驳回需要说明理由 / A rejection needs a reason.');
  const ts = deps.now().toISOString();
  await updateAppDecision(deps.db, id, decision.decision === 'approve' ? 'approved' : 'rejected', viewer.id, ts, decision.decision === 'reject' ? reason.slice(0, 2000) : null);
  const detail = (await getApp(deps, id, viewer))!;
  await notifySubmitterOfDecision(deps.db, detail, viewer.id, ts);
  return detail;
}

/** Pending apps this viewer may moderate, oldest first (the order they should be answered in). */
export async function moderationQueue(deps: Pick<AppDeps, 'db' | 'now'>, viewer: AppViewer): Promise<AppDetail[]> {
  if (!viewer) return [];
  const rows = (await selectApps(deps.db, ['pending'])).reverse();
  const summaries = await summarise(deps.db, rows);
  const mine = rows.filter((_, i) => canModerate(viewer, summaries[i]!));
  return Promise.all(mine.map((row) => detailOf(deps, row, viewer)));
}

/** Approved apps naming this dataset, newest first. */
export async function appsUsingDataset(deps: Pick<AppDeps, 'db'>, datasetPk: number): Promise<AppSummary[]> {
  const ids = await selectAppIdsNaming(deps.db, datasetPk);
  if (!ids.length) return [];
  return summarise(deps.db, await selectApps(deps.db, ['approved'], ids));
}

/** Approved apps per dataset key (the catalog's "用于 N 个应用" on many datasets at once). */
export const appCountsByDataset = async (deps: Pick<AppDeps, 'db'>): Promise<Map<number, number>> => selectApprovedCountsByDataset(deps.db);

/** The re-encoded bytes of screenshot `position`, if the app is visible to this viewer; null otherwise. */
export async function readScreenshot(deps: Pick<AppDeps, 'db' | 'files' | 'now'>, id: string, position: number, viewer: AppViewer) {
  const row = await selectApp(deps.db, id);
  if (!row) return null;
  if (row.status !== 'approved' && !(await getApp(deps, id, viewer))) return null;
  const shot = (await selectScreenshots(deps.db, [id])).get(id)?.find((s) => s.position === position);
  if (!shot) return null;
  return { bytes: await readScreenshotBytes(deps.files, shot.blob_key), contentType: shot.content_type, sha256: shot.sha256, public: row.status === 'approved' };
}
