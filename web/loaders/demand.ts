import type { SessionUser } from '../../src/lib/context.js';
import { ApiError } from '../../src/lib/errors.js';
import { canAdmin } from '../../src/auth/index.js';
import { type DemandCtx, demandStatuses, listDemands, type DemandFilters, type ListPosition, presentCartItem, presentDemand, presentDemandDetail, listCart, dataUseAgreement, findVisibleDemand, actionsFor, listNotifications, unreadCount, type DemandStatus, cartItemCount, votedDemandIds } from '../../src/demand/index.js';
import { departmentChoices, publishedDatasetTitle } from '../../src/catalog/index.js';
import type { Lang } from '../i18n.js';
import type { Viewer } from '../pages/demand/parts.js';
import type { BoardData } from '../pages/demand/board.js';
import type { OrdersData } from '../pages/demand/orders.js';
import type { Department } from '../pages/demand/actions.js';
import type { CartData, AddData } from '../pages/demand/cart.js';
import type { InboxData } from '../pages/demand/inbox.js';
import type { NewRequestData } from '../pages/demand/new.js';
import type { DemandPageData } from '../pages/demand/demand.js';

const pageSize = 30;

export async function viewerOf(ctx: DemandCtx, user: SessionUser | null | undefined): Promise<Viewer> {
  if (!user) return { signedIn: false, role: null, departmentId: null, unread: 0, cartCount: 0 };
  return { signedIn: true, role: user.role, departmentId: user.departmentId, unread: await unreadCount(ctx.deps.db, user.id), cartCount: await cartItemCount(ctx.deps.db, user.id) };
}

export async function departmentsFor(ctx: DemandCtx, lang: Lang): Promise<Department[]> {
  return (await departmentChoices(ctx.deps.db)).map((r) => ({ id: r.id, name: lang === 'en' ? r.name_en : r.name_zh }));
}

const statusOf = (s: string | undefined): DemandStatus | undefined => ((demandStatuses as readonly string[]).includes(s ?? '') ? (s as DemandStatus) : undefined);

/** A page of a list and the URL of the next one (the same query with the cursor), keyed to the filters. */
async function pageOf(ctx: DemandCtx, user: SessionUser | null, filters: DemandFilters, query: Record<string, string>, url: string) {
  const fingerprint = `page|${JSON.stringify(filters)}`;
  const after = query.cursor ? ctx.deps.cursors.decode<ListPosition>(query.cursor, fingerprint) : null;
  const page = await listDemands(ctx.deps.db, filters, user, ctx.deps.now(), pageSize, after);
  let nextUrl: string | null = null;
  if (page.next) {
    const u = new URL(url, 'http://x');
    u.searchParams.set('cursor', ctx.deps.cursors.encode(page.next, fingerprint));
    nextUrl = u.pathname + u.search;
  }
  return { ...page, nextUrl };
}

export async function loadBoard(ctx: DemandCtx, user: SessionUser | null, query: Record<string, string>, url: string): Promise<BoardData> {
  const kind = query.kind === 'new_data' || query.kind === 'correction' ? query.kind : undefined;
  const status = statusOf(query.status);
  const filters: DemandFilters = kind ? { kind, status } : { kinds: ['new_data', 'correction'], status };
  const page = await pageOf(ctx, user, filters, query, url);
  const voted = user ? await votedDemandIds(ctx.deps.db, user.id, page.rows.map((r) => r.id)) : new Set<string>();
  const params = new URLSearchParams({ ...(kind ? { kind } : {}), ...(status ? { status } : {}) }).toString();
  const json = `/api/v1/demands${params ? `?${params}` : ''}`;
  return { viewer: await viewerOf(ctx, user), rows: page.rows.map(presentDemand), total: page.total, voted, kind, status, nextUrl: page.nextUrl, json, error: query.error, detail: query.detail };
}

export async function loadOrders(ctx: DemandCtx, user: SessionUser, query: Record<string, string>, url: string): Promise<OrdersData> {
  const side = query.side === 'received' && user.departmentId ? 'received' : 'sent';
  const status = statusOf(query.status);
  const page = await pageOf(ctx, user, { kind: 'order', side, status }, query, url);
  const allowed = new Map(page.rows.map((r) => [r.id, actionsFor(user, r)] as const));
  const created = /^\d{1,3}$/.test(query.created ?? '') ? Number(query.created) : undefined;
  return {
    viewer: await viewerOf(ctx, user), side, status, rows: page.rows.map(presentDemand), total: page.total, allowed, created, nextUrl: page.nextUrl,
    json: `/api/v1/demands?kind=order&side=${side}`,
  };
}

/** `error` and `detail` of a form post that was sent back (shown above the form). */
export type Feedback = { error?: string; detail?: string };

export const loadCart = async (ctx: DemandCtx, user: SessionUser, feedback: Feedback): Promise<CartData> => ({
  viewer: await viewerOf(ctx, user), items: (await listCart(ctx.deps.db, user.id)).map(presentCartItem), agreement: dataUseAgreement, ...feedback,
});

const publishedDataset = async (ctx: DemandCtx, id: string | undefined) => (id ? await publishedDatasetTitle(ctx.deps.db, id) : undefined);

/** The options form for one dataset; 422 `invalid_reference` when there is no such published dataset. */
export async function loadAddToCart(ctx: DemandCtx, lang: Lang, user: SessionUser, datasetId: string, feedback: Feedback): Promise<AddData> {
  const row = await publishedDataset(ctx, datasetId);
  if (!row) throw new ApiError(422, 'invalid_reference', `No published dataset '${datasetId.slice(0, 100)}'.`);
  const dataset = { id: row.id, title: lang === 'en' ? row.title_en : row.title_zh, openType: row.open_type, fields: (await ctx.resolver.latest(row.id)).schema };
  return { viewer: await viewerOf(ctx, user), dataset, ...feedback };
}

export async function loadNewRequest(ctx: DemandCtx, lang: Lang, user: SessionUser, query: Record<string, string>): Promise<NewRequestData> {
  const row = await publishedDataset(ctx, query.dataset);
  const dataset = row ? { id: row.id, title: lang === 'en' ? row.title_en : row.title_zh, fields: (await ctx.resolver.latest(row.id)).schema.map((f) => f.name) } : undefined;
  const kind = query.kind === 'correction' ? 'correction' : 'new_data';
  return { viewer: await viewerOf(ctx, user), kind, departments: await departmentsFor(ctx, lang), dataset, error: query.error, detail: query.detail };
}

export async function loadInbox(ctx: DemandCtx, user: SessionUser): Promise<InboxData> {
  const { rows, total } = await listNotifications(ctx.deps.db, user.id, 200, false);
  return { viewer: await viewerOf(ctx, user), rows, total };
}

export async function loadDemandPage(ctx: DemandCtx, lang: Lang, user: SessionUser | null, id: string, feedback: Feedback): Promise<DemandPageData> {
  const d = await findVisibleDemand(ctx, user, id);
  return { viewer: await viewerOf(ctx, user), d: await presentDemandDetail(ctx.deps.db, user, d), departments: await departmentsFor(ctx, lang), isAdmin: canAdmin(user), ...feedback };
}
