import { z } from '@hono/zod-openapi';
import { ckanNotFound, ckanValidation } from './ckan.envelope.js';
import { flag, idParam, natural } from './ckan.params.js';
import { parseResourceId, presentPackage, presentResources } from './ckan.present.js';
import { packageSearch } from './ckan.search.js';
import { modifiedOf, type CkanSource } from './ckan.source.js';
import type { CkanAction } from './ckan.types.js';
import { CkanPackageSchema, CkanResourceSchema, CkanSearchResultSchema } from './ckan.schemas.js';
import { groupActions } from './ckan.group-actions.js';

// The read-only actions we answer, each with the parameters CKAN documents for it (ckan/logic/action/get.py).


const page = <T>(items: readonly T[], offset = 0, limit?: number) => items.slice(offset, limit === undefined ? undefined : offset + limit);
const byModifiedDesc = (s: CkanSource) =>
  s.rows.map((r) => ({ r, t: Date.parse(modifiedOf(s, r)) })).sort((a, b) => b.t - a.t || (a.r.id < b.r.id ? -1 : 1)).map((x) => x.r);

const facetList = z.string().optional().openapi({ description: 'JSON list of fields to count: organization, groups, tags, res_format, license_id', example: '["organization","res_format"]' });

export const actions: Record<string, CkanAction> = {
  status_show: {
    summary: 'The site and the CKAN API version it answers as',
    operationId: 'ckanStatusShow',
    query: z.object({}),
    run: async ({ origin }) => ({
      site_title: 'Kaifang 开放数据',
      site_description: 'City open-data portal (CKAN Action API, read-only subset)',
      site_url: origin,
      ckan_version: '2.10.0',
      api_version: 3,
      locale_default: 'zh_Hans_CN',
      error_emails_to: null,
      extensions: ['kaifang'],
    }),
  },
  package_list: {
    summary: 'Names of all datasets, in name order',
    operationId: 'ckanPackageList',
    result: z.array(z.string()),
    query: z.object({ limit: natural('Most names to return'), offset: natural('Names to skip') }),
    run: async ({ source }, p) => page((await source()).rows.map((r) => r.id).sort(), p.offset as number, p.limit as number),
  },
  current_package_list_with_resources: {
    summary: 'Whole datasets with their resources, most recently modified first',
    operationId: 'ckanCurrentPackageListWithResources',
    result: z.array(CkanPackageSchema),
    query: z.object({ limit: natural('Most datasets to return'), offset: natural('Datasets to skip'), page: natural('Page number (1-based, with limit; deprecated by CKAN)') }),
    run: async ({ source, origin }, p) => {
      const s = await source();
      const limit = p.limit as number | undefined;
      const offset = p.page && limit ? ((p.page as number) - 1) * limit : (p.offset as number | undefined);
      return page(byModifiedDesc(s), Math.max(0, offset ?? 0), limit).map((r) => presentPackage(origin, s, r));
    },
  },
  package_show: {
    summary: 'One dataset with its resources (id: the dataset id, which is also its CKAN name)',
    operationId: 'ckanPackageShow',
    result: CkanPackageSchema,
    query: z.object({ id: idParam('Dataset id or name', 'bus-routes') }),
    example: { id: 'bus-routes' },
    run: async ({ source, origin }, p) => {
      const s = await source();
      const row = s.rows.find((r) => r.id === p.id);
      if (!row) throw ckanNotFound('Dataset');
      return presentPackage(origin, s, row);
    },
  },
  package_search: {
    summary: 'Search datasets: q (full text), fq (Solr filter), rows, start, sort, facet.field',
    operationId: 'ckanPackageSearch',
    result: CkanSearchResultSchema,
    query: z.object({
      q: z.string().optional().openapi({ description: 'Full-text query (the catalog search), or field:value clauses', example: '公交' }),
      fq: z.string().optional().openapi({ description: 'Filter: organization:, groups:, tags:, res_format:, license_id:, name:, metadata_modified:[2024-01-01T00:00:00Z TO *], with AND / OR / - and parentheses', example: 'organization:transport res_format:CSV' }),
      rows: natural('Datasets per page (default 10; above 1000 reads as 1000)'),
      start: natural('Datasets to skip'),
      sort: z.string().optional().openapi({ description: 'score, metadata_modified, metadata_created, title_string, name or id, each asc or desc, comma-separated (default: score desc, metadata_modified desc)', example: 'metadata_modified desc' }),
      'facet.field': facetList,
      'facet.limit': z.coerce.number({ error: 'Invalid integer' }).int('Invalid integer').optional().openapi({ description: 'Most values per facet (default 50, -1: all)' }),
      'facet.mincount': natural('Least count a facet value needs (default 1)'),
      include_private: flag('Accepted and ignored: every dataset is public'),
    }),
    run: async ({ deps, origin, source }, p) => {
      let facetFields: string[] = [];
      if (p['facet.field']) {
        try {
          facetFields = JSON.parse(String(p['facet.field'])) as string[];
        } catch {
          throw ckanValidation({ 'facet.field': ['Could not parse as valid JSON'] });
        }
        if (!Array.isArray(facetFields) || facetFields.some((f) => typeof f !== 'string')) throw ckanValidation({ 'facet.field': ['Not a list of strings'] });
      }
      return await packageSearch(deps, origin, await source(), {
        q: String(p.q ?? ''),
        fq: String(p.fq ?? ''),
        rows: Math.min(1000, (p.rows as number | undefined) ?? 10),
        start: (p.start as number | undefined) ?? 0,
        sort: String(p.sort ?? ''),
        facetFields,
        facetLimit: (p['facet.limit'] as number | undefined) ?? 50,
        facetMincount: (p['facet.mincount'] as number | undefined) ?? 1,
      });
    },
  },
  resource_show: {
    summary: 'One resource (a file of a version) by its id',
    operationId: 'ckanResourceShow',
    result: CkanResourceSchema,
    query: z.object({ id: idParam('Resource id (<dataset>-v<n>-<format>)', 'bus-routes-v1-csv') }),
    example: { id: 'bus-routes-v1-csv' },
    run: async ({ source, origin }, p) => {
      const ref = parseResourceId(String(p.id));
      const s = await source();
      const row = ref && s.rows.find((r) => r.id === ref.datasetId);
      const found = row && presentResources(origin, row, s.versions.get(row.pk) ?? []).find((r) => r.id === p.id);
      if (!found) throw ckanNotFound('Resource was not found.');
      return found;
    },
  },
  ...groupActions,
};

/** CKAN's help_show: the action's description; the `help` member of every answer points here. */
actions.help_show = {
  summary: 'The description of an action',
  operationId: 'ckanHelpShow',
  result: z.string(),
  query: z.object({ name: idParam('Action name', 'package_search') }),
  example: { name: 'package_search' },
  run: async (_ctx, p) => {
    const action = actions[String(p.name)];
    if (!action) throw ckanNotFound('Action function not found');
    return action.summary;
  },
};
