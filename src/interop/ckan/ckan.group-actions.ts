import { z } from '@hono/zod-openapi';
import type { DepartmentRow } from '../../catalog/index.js';
import { ckanNotFound, ckanValidation } from './ckan.envelope.js';
import { flag, idParam, isTrue, natural } from './ckan.params.js';
import { presentGroup, presentOrganization, presentPackage, tagsOf } from './ckan.present.js';
import type { ActionCtx, CkanAction } from './ckan.types.js';
import type { CkanSource, ThemeRow } from './ckan.source.js';

// Departments as CKAN organizations, themes as CKAN groups, keywords as tags.

type Listed = { name: string; title: string; package_count: number };

/** CKAN's group_list sorts: name, title or package_count, asc or desc (default: title asc). */
function sortListed(items: Listed[], sort: string) {
  const [field = 'title', dir = 'asc'] = sort.trim().split(/\s+/);
  if (!['name', 'title', 'package_count'].includes(field) || !['asc', 'desc'].includes(dir)) throw ckanValidation({ sort: [`Unsupported sort '${sort}': use name, title or package_count, asc or desc`] });
  const sign = dir === 'desc' ? -1 : 1;
  const key = (x: Listed) => x[field as keyof Listed];
  return [...items].sort((a, b) => (key(a) < key(b) ? -sign : key(a) > key(b) ? sign : a.name < b.name ? -1 : 1));
}

const listQuery = z.object({
  all_fields: flag('Whole dictionaries instead of names (at most 25 a page, as in CKAN)'),
  sort: z.string().optional().openapi({ description: 'name, title or package_count, asc or desc (default title asc)', example: 'package_count desc' }),
  limit: natural('Most to return (names: 1000, all_fields: 25)'),
  offset: natural('How many to skip'),
});

const showQuery = (example: string) => z.object({ id: idParam('Id or name', example), include_datasets: flag('Include its datasets (default false)') });

const created = (s: CkanSource, deptId: string) => s.rows.filter((r) => r.department_id === deptId).map((r) => r.created_at).sort()[0] ?? null;

function listOf<T>(all: T[], listed: (x: T) => Listed, full: (x: T) => unknown) {
  return async (p: Record<string, string | number | undefined>) => {
    const wantAll = isTrue(p.all_fields as string | undefined);
    const max = wantAll ? 25 : 1000;
    const limit = Math.min(max, (p.limit as number | undefined) ?? max);
    const offset = (p.offset as number | undefined) ?? 0;
    const byName = new Map(all.map((x) => [listed(x).name, x]));
    const sorted = sortListed(all.map(listed), String(p.sort ?? 'title asc')).slice(offset, offset + limit);
    return sorted.map((l) => (wantAll ? full(byName.get(l.name)!) : l.name));
  };
}

const departmentListed = (d: DepartmentRow): Listed => ({ name: d.id, title: d.name_zh, package_count: d.datasets });
const themeListed = (t: ThemeRow): Listed => ({ name: t.id, title: t.name_zh, package_count: t.datasets });

async function withDatasets<T extends object>({ origin, source }: ActionCtx, body: T, include: unknown, pick: (r: CkanSource['rows'][number]) => boolean) {
  if (!isTrue(include as string | undefined)) return body;
  const s = await source();
  return { ...body, packages: s.rows.filter(pick).map((r) => presentPackage(origin, s, r)) };
}

export const groupActions: Record<string, CkanAction> = {
  organization_list: {
    summary: 'Departments (as organizations): names, or whole dictionaries with all_fields',
    operationId: 'ckanOrganizationList',
    query: listQuery,
    run: async ({ origin, source }, p) => {
      const s = await source();
      return await listOf([...s.departments], departmentListed, (d) => presentOrganization(origin, d, created(s, d.id)))(p);
    },
  },
  organization_show: {
    summary: 'One department as an organization',
    operationId: 'ckanOrganizationShow',
    query: showQuery('transport'),
    example: { id: 'transport' },
    run: async (ctx, p) => {
      const s = await ctx.source();
      const d = s.departments.find((x) => x.id === p.id);
      if (!d) throw ckanNotFound('Organization was not found.');
      return await withDatasets(ctx, presentOrganization(ctx.origin, d, created(s, d.id)), p.include_datasets, (r) => r.department_id === d.id);
    },
  },
  group_list: {
    summary: 'Themes (as groups): names, or whole dictionaries with all_fields',
    operationId: 'ckanGroupList',
    query: listQuery,
    run: async ({ origin, source }, p) => await listOf([...(await source()).themes], themeListed, (t) => presentGroup(origin, t))(p),
  },
  group_show: {
    summary: 'One theme as a group',
    operationId: 'ckanGroupShow',
    query: showQuery('transport'),
    example: { id: 'transport' },
    run: async (ctx, p) => {
      const t = (await ctx.source()).themes.find((x) => x.id === p.id);
      if (!t) throw ckanNotFound('Group was not found.');
      return await withDatasets(ctx, presentGroup(ctx.origin, t), p.include_datasets, (r) => r.theme_id === t.id);
    },
  },
  tag_list: {
    summary: 'Every tag (the datasets’ Chinese and English keywords)',
    operationId: 'ckanTagList',
    result: z.array(z.union([z.string(), z.object({ id: z.string(), name: z.string(), vocabulary_id: z.null() })])),
    query: z.object({ query: z.string().optional().openapi({ description: 'Only tags containing this text' }), all_fields: flag('Dictionaries instead of names') }),
    run: async ({ source }, p) => {
      const names = [...new Set((await source()).rows.flatMap(tagsOf))].sort();
      const q = String(p.query ?? '').toLowerCase();
      const kept = q ? names.filter((n) => n.toLowerCase().includes(q)) : names;
      return isTrue(p.all_fields as string | undefined) ? kept.map((name) => ({ id: name, name, vocabulary_id: null })) : kept;
    },
  },
};
