import type { SessionUser } from '../../src/lib/context.js';
import type { AppDeps } from '../../src/app-deps.js';
import { notFound } from '../../src/lib/errors.js';
import { appKinds, getApp, listApps, moderationQueue, type AppKind, type AppSummary } from '../../src/apps/index.js';
import { departmentChoices, themeChoices, type Choice } from '../../src/catalog/index.js';
import { href, pick, shortDepartment, type Lang } from '../i18n.js';
import type { AppCardData } from '../pages/apps/parts.js';

export const appsPageSize = 20;

export type AppsQuery = { q?: string; theme?: string; department?: string; kind?: string; page?: number };

/** The list's filters from the query string; unknown values are dropped rather than refused. */
export function readAppsQuery(query: Record<string, string>): AppsQuery {
  const text = (v: string | undefined) => (v && v.trim() ? v.trim().slice(0, 200) : undefined);
  const page = /^\d{1,6}$/.test(query.page ?? '') ? Math.max(1, Number(query.page)) : 1;
  return {
    q: text(query.q),
    theme: text(query.theme),
    department: text(query.department),
    kind: (appKinds as readonly string[]).includes(query.kind ?? '') ? query.kind : undefined,
    page,
  };
}

/** The list page's address for a query (empty filters left out). */
export function appsHref(lang: Lang, q: AppsQuery, change: Partial<AppsQuery> = {}): string {
  const all = { ...q, ...change };
  const params = new URLSearchParams();
  for (const k of ['q', 'theme', 'department', 'kind'] as const) if (all[k]) params.set(k, all[k]!);
  if (all.page && all.page > 1) params.set('page', String(all.page));
  const s = params.toString();
  return href(lang, '/apps') + (s ? `?${s}` : '');
}

/** Names of departments by id, in the page's language (one small query: 29 rows). */
export async function departmentNames(deps: AppDeps): Promise<Map<string, Choice>> {
  return new Map((await departmentChoices(deps.db)).map((d) => [d.id, d]));
}

/** An app summary as a card, in the page's language. */
export function toCard(lang: Lang, app: AppSummary, departments: Map<string, Choice>): AppCardData {
  return {
    id: app.id,
    name: pick(lang, app.name_zh, app.name_en),
    kind: app.kind,
    demo: app.is_demo,
    status: app.status,
    screenshot: app.screenshots[0]?.url ?? null,
    datasets: app.datasets.map((d) => ({ id: d.id, title: pick(lang, d.title_zh, d.title_en) })),
    departments: app.department_ids.map((id) => departments.get(id)).filter((d): d is Choice => !!d).map((d) => ({ id: d.id, name: shortDepartment(lang, d.name_zh, d.name_en) })),
  };
}

export async function loadAppsList(deps: AppDeps, lang: Lang, viewer: SessionUser | null, q: AppsQuery) {
  const result = await listApps(deps, {
    q: q.q, themeId: q.theme, departmentId: q.department, kind: q.kind as AppKind | undefined, status: 'approved', viewer, page: q.page, limit: appsPageSize,
  });
  const departments = await departmentNames(deps);
  const choice = (c: Choice) => ({ id: c.id, name: pick(lang, c.name_zh, c.name_en) });
  return {
    query: q,
    total: result.total,
    apps: result.items.map((a) => toCard(lang, a, departments)),
    pages: Math.max(1, Math.ceil(result.total / appsPageSize)),
    themes: (await themeChoices(deps.db)).map(choice),
    departments: [...departments.values()].map(choice),
  };
}

export async function loadAppPage(deps: AppDeps, lang: Lang, viewer: SessionUser | null, id: string) {
  const app = await getApp(deps, id, viewer);
  if (!app) throw notFound('App', id);
  const departments = await departmentNames(deps);
  return { app, card: toCard(lang, app, departments) };
}

export async function loadModerationQueue(deps: AppDeps, lang: Lang, viewer: SessionUser) {
  const queue = await moderationQueue(deps, viewer);
  const departments = await departmentNames(deps);
  return queue.map((a) => toCard(lang, a, departments));
}
