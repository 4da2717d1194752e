import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppDeps } from '../../app-deps.js';
import { memoCatalog } from '../../catalog/index.js';
import type { AppEnv } from '../../lib/context.js';
import { ApiError } from '../../lib/errors.js';
import { publicOrigin } from '../../lib/public-origin.js';
import { createRouter } from '../../lib/router.js';
import { problemResponse } from '../../lib/schemas.js';
import { catalogPageGraph } from './catalog-graph.js';
import { catalogPageSize, loadCatalogPage } from './catalog-data.js';
import { pageIri } from './iris.js';
import { negotiateRdf, rdfHeaders } from './negotiate.js';
import { type RdfFormat, rdfMediaTypes, serialize } from './serialize.js';

// The tag and its description are defined with the others in src/openapi-document.ts.
const tags = ['Linked data'];

const PageQuery = z.strictObject({
  page: z.coerce.number({ error: 'must be a whole number' }).int('must be a whole number').min(1, 'must be at least 1').max(100_000).default(1)
    .openapi({ param: { name: 'page', in: 'query' }, description: `Page of the catalog, ${catalogPageSize} datasets a page (Hydra next/previous link them)`, example: 1 }),
});
const rdfText = z.string().openapi({ type: 'string' });
const rdfContent = (formats: RdfFormat[]) => Object.fromEntries(formats.map((f) => [rdfMediaTypes[f], { schema: rdfText }]));
const pageResponses = (formats: RdfFormat[]) => ({
  200: { description: 'One page of the catalog: the dcat:Catalog, its datasets on this page with their versions and distributions, and a hydra:PagedCollection', content: rdfContent(formats) },
  400: problemResponse('Invalid or unknown query parameter'),
  404: problemResponse('No such page'),
});

const extensions: [string, RdfFormat, string, string][] = [
  ['ttl', 'turtle', 'getCatalogTurtle', 'The catalog as DCAT-AP 3 in Turtle'],
  ['jsonld', 'jsonld', 'getCatalogJsonLd', 'The catalog as DCAT-AP 3 in JSON-LD (compacted, with an @context)'],
  ['rdf', 'rdfxml', 'getCatalogRdfXml', 'The catalog as DCAT-AP 3 in RDF/XML'],
];
const fileRoutes = extensions.map(([ext, format, operationId, summary]) =>
  createRoute({ method: 'get', path: `/catalog.${ext}`, operationId, tags, summary, request: { query: PageQuery }, responses: pageResponses([format]) }));
const negotiatedRoute = createRoute({
  method: 'get',
  path: '/catalog',
  operationId: 'getCatalogLinkedData',
  tags,
  summary: 'The catalog as DCAT-AP 3, in the serialization the Accept header asks for',
  description: 'text/turtle, application/ld+json or application/rdf+xml; anything else (a browser, or no preference) is sent to the catalog page (303 to /datasets): HTML stays the default. Answers carry Vary: Accept.',
  request: { query: PageQuery },
  responses: { ...pageResponses(['turtle', 'jsonld', 'rdfxml']), 303: { description: 'Location: /datasets (the catalog page) for a client that does not ask for RDF' } },
});

function readPage(c: Context<AppEnv>): number {
  const parsed = PageQuery.safeParse(c.req.query());
  if (parsed.success) return parsed.data.page;
  const issue = parsed.error.issues[0]!;
  if (issue.code === 'unrecognized_keys') throw new ApiError(400, 'unknown_parameter', `Unknown query parameter: ${issue.keys.join(', ')}`, { errors: issue.keys.map((field) => ({ field, message: 'not a known parameter' })) });
  throw new ApiError(400, 'invalid_parameter', `Invalid query parameter 'page': ${issue.message}`, { errors: [{ field: 'page', message: issue.message }] });
}

async function answerPage(c: Context<AppEnv>, deps: AppDeps, format: RdfFormat) {
  const page = readPage(c);
  const site = { origin: publicOrigin(c, deps.env) };
  // A page takes 150-400 ms of this thread to build and write (~1 MB): built once per catalog change, as harvesters
  // poll it, and kept until any dataset, version or file changes.
  const answer = await memoCatalog(deps, `dcat:${site.origin}|${page}|${format}`, async () => {
    const input = await loadCatalogPage(deps, page);
    return input ? { body: await serialize(catalogPageGraph(site, input), format), totalItems: input.page.totalItems } : null;
  });
  if (!answer) throw new ApiError(404, 'not_found', `The catalog has no page ${page}`);
  const last = Math.max(1, Math.ceil(answer.totalItems / catalogPageSize));
  const links = [page < last ? `<${pageIri(site, page + 1)}>; rel="next"` : '', page > 1 ? `<${pageIri(site, page - 1)}>; rel="prev"` : ''].filter(Boolean);
  return c.body(answer.body, 200, { ...rdfHeaders(format), ...(links.length ? { Link: links.join(', ') } : {}) });
}

/** GET /catalog.ttl, /catalog.jsonld, /catalog.rdf and the negotiated /catalog. */
export function dcatRoutes(deps: AppDeps) {
  const router = createRouter();
  for (const route of [...fileRoutes, negotiatedRoute]) router.openAPIRegistry.registerPath(route);
  for (const [ext, format] of extensions) router.get(`/catalog.${ext}`, (c) => answerPage(c, deps, format));
  router.get('/catalog', async (c) => {
    const format = negotiateRdf(c, 'html');
    if (format !== 'html') return await answerPage(c, deps, format);
    c.header('Vary', 'Accept');
    return c.redirect('/datasets', 303);
  });
  return router;
}
