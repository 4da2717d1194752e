import type { SessionUser } from '../lib/context.js';
import { ApiError } from '../lib/errors.js';
import type { Lang } from '../../web/i18n.js';
import { href } from '../../web/i18n.js';
import type { Viewer } from '../../web/pages/demand/parts.js';
import type { BoardData } from '../../web/pages/demand/board.js';
import type { OrdersData } from '../../web/pages/demand/orders.js';
import type { Department } from '../../web/pages/demand/actions.js';
import type { CartData, AddData } from '../../web/pages/demand/cart.js';
import type { InboxData } from '../../web/pages/demand/inbox.js';
import type { NewRequestData } from '../../web/pages/demand/new.js';
import type { DemandPageData } from '../../web/pages/demand/demand.js';
import type { DemandCtx } from './demand.context.js';
import { demandStatuses } from './demand.table.js';
import { listDemands, type DemandFilters, type ListPosition } from './demand.queries.js';
import { presentCartItem, presentDemand, presentDemandDetail } from './demand.present.js';
import { listCart } from './demand.cart.js';
import { dataUseAgreement } from './demand.agreement.js';
import { findVisibleDemand } from './demand.transition.js';
import { actionsFor } from './demand.access.js';
import { listNotifications, unreadCount } from './demand.notify.js';
import type { DemandStatus } from './demand.machine.js';

const pageSize = 30;

export function viewerOf(ctx: DemandCtx, user: SessionUser | null | undefined): Viewer {
  if (!user) return { signedIn: false, role: null, departmentId: null, unread: 0, cartCount: 0 };
  const cartCount = ctx.deps.db.$client.prepare('SELECT COUNT(*) FROM cart_items WHERE user_id = ?').pluck().get(user.id) as number;
  return { signedIn: true, role: user.role, departmentId: user.departmentId, unread: unreadCount(ctx.deps.db, user.id), cartCount };
}

export function departmentsFor(ctx: DemandCtx, lang: Lang): Department[] {
  const rows = ctx.deps.db.$client.prepare('SELECT id, name_zh, name_en FROM departments ORDER BY position, id').all() as { id: string; name_zh: string; name_en: string }[];
  return rows.map((r) => ({ id: r.id, name: lang === 'en' ? r.name_en : r.name_zh }));
}

const statusOf = (s: string | undefined): DemandStatus | undefined => ((demandStatuses as readonly string[]).includes(s ?? '') ? (s as DemandStatus) : undefined);

/** A page of a list and the URL of the next one (the same query with the cursor), keyed to the filters. */
function pageOf(ctx: DemandCtx, user: SessionUser | null, filters: DemandFilters, query: Record<string, string>, url: string) {
  const fingerprint = `page|${JSON.stringify(filters)}`;
  const after = query.cursor ? ctx.deps.cursors.decode<ListPosition>(query.cursor, fingerprint) : null;
  const page = listDemands(ctx.deps.db, filters, user, ctx.deps.now(), pageSize, after);
  let nextUrl: string | null = null;
  if (page.next) {
    const u = new URL(url, 'http://x');
    u.searchParams.set('cursor', ctx.deps.cursors.encode(page.next, fingerprint));
    nextUrl = u.pathname + u.search;
  }
  return { ...page, nextUrl };
}

export function loadBoard(ctx: DemandCtx, user: SessionUser | null, query: Record<string, string>, url: string): BoardData {
  const kind = query.kind === 'new_data' || query.kind === 'correction' ? query.kind : undefined;
  const status = statusOf(query.status);
  const filters: DemandFilters = kind ? { kind, status } : { kinds: ['new_data', 'correction'], status };
  const page = pageOf(ctx, user, filters, query, url);
  const voted = new Set<string>();
  if (user && page.rows.length) {
    const ids = page.rows.map((r) => r.id);
    const rows = ctx.deps.db.$client.prepare(`SELECT demand_id FROM demand_votes WHERE user_id = ? AND demand_id IN (${ids.map(() => '?').join(', ')})`).pluck().all(user.id, ...ids) as string[];
    for (const id of rows) voted.add(id);
  }
  const params = new URLSearchParams({ ...(kind ? { kind } : {}), ...(status ? { status } : {}) }).toString();
  const json = `/api/v1/demands${params ? `?${params}` : ''}`;
  return { viewer: viewerOf(ctx, user), rows: page.rows.map(presentDemand), total: page.total, voted, kind, status, nextUrl: page.nextUrl, json, error: query.error, detail: query.detail };
}

export function loadOrders(ctx: DemandCtx, user: SessionUser, query: Record<string, string>, url: string): OrdersData {
  const side = query.side === 'received' && user.departmentId ? 'received' : 'sent';
  const status = statusOf(query.status);
  const page = pageOf(ctx, user, { kind: 'order', side, status }, query, url);
  const yourTurn = new Set(page.rows.filter((r) => actionsFor(user, r).length > 0).map((r) => r.id));
  const created = /^\d{1,3}$/.test(query.created ?? '') ? Number(query.created) : undefined;
  return {
    viewer: viewerOf(ctx, user), side, status, rows: page.rows.map(presentDemand), total: page.total, yourTurn, created, nextUrl: page.nextUrl,
    json: `/api/v1/demands?kind=order&side=${side}`,
  };
}

/** `error` and `detail` of a form post that was sent back (shown above the form). */
export type Feedback = { error?: string; detail?: string };

export const loadCart = (ctx: DemandCtx, user: SessionUser, feedback: Feedback): CartData => ({
  viewer: viewerOf(ctx, user), items: listCart(ctx.deps.db, user.id).map(presentCartItem), agreement: dataUseAgreement, ...feedback,
});

type DatasetTitle = { id: string; title_zh: string; title_en: string; open_type: string };

function publishedDataset(ctx: DemandCtx, id: string | undefined): DatasetTitle | undefined {
  if (!id) return undefined;
  return ctx.deps.db.$client.prepare('SELECT id, title_zh, title_en, open_type FROM datasets WHERE id = ? AND latest_version IS NOT NULL').get(id) as DatasetTitle | undefined;
}

/** The options form for one dataset; 422 `invalid_reference` when there is no such published dataset. */
export function loadAddToCart(ctx: DemandCtx, lang: Lang, user: SessionUser, datasetId: string, feedback: Feedback): AddData {
  const row = publishedDataset(ctx, datasetId);
  if (!row) throw new ApiError(422, 'invalid_reference', `No published dataset '${datasetId.slice(0, 100)}'.`);
  const dataset = { id: row.id, title: lang === 'en' ? row.title_en : row.title_zh, openType: row.open_type, fields: ctx.resolver.latest(row.id).schema };
  return { viewer: viewerOf(ctx, user), dataset, ...feedback };
}

export function loadNewRequest(ctx: DemandCtx, lang: Lang, user: SessionUser, query: Record<string, string>): NewRequestData {
  const row = publishedDataset(ctx, query.dataset);
  const dataset = row ? { id: row.id, title: lang === 'en' ? row.title_en : row.title_zh, fields: ctx.resolver.latest(row.id).schema.map((f) => f.name) } : undefined;
  const kind = query.kind === 'correction' ? 'correction' : 'new_data';
  return { viewer: viewerOf(ctx, user), kind, departments: departmentsFor(ctx, lang), dataset, error: query.error, detail: query.detail };
}

export function loadInbox(ctx: DemandCtx, user: SessionUser): InboxData {
  const { rows, total } = listNotifications(ctx.deps.db, user.id, 200, false);
  return { viewer: viewerOf(ctx, user), rows, total };
}

export function loadDemandPage(ctx: DemandCtx, lang: Lang, user: SessionUser | null, id: string, feedback: Feedback): DemandPageData {
  const d = findVisibleDemand(ctx, user, id);
  return { viewer: viewerOf(ctx, user), d: presentDemandDetail(ctx.deps.db, user, d), departments: departmentsFor(ctx, lang), isAdmin: user?.role === 'admin', ...feedback };
}

/** Where a form post returns to with its error: the page it came from, on this site only. */
export function backWithError(back: string, err: ApiError): string {
  const u = new URL(back, 'http://x');
  u.searchParams.set('error', err.code);
  u.searchParams.set('detail', err.message.slice(0, 300));
  return u.pathname + u.search + (u.hash || '');
}

export const signInUrl = (lang: Lang, next: string) => `${href(lang, '/signin')}?next=${encodeURIComponent(next)}`;
