import { createRoute, z, type RouteConfig } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppDeps } from '../../app-deps.js';
import type { AppEnv } from '../../lib/context.js';
import { createRouter } from '../../lib/router.js';
import { problemResponse } from '../../lib/schemas.js';
import { ApiError, notFound } from '../../lib/errors.js';
import { publicOrigin } from '../../lib/public-origin.js';
import { atomMediaType } from './atom.js';
import { conditionalText } from './conditional.js';
import { datasetFeed, departmentFeed, portalFeed, sitemapSource } from './feeds.data.js';
import { robotsTxt } from './robots.js';
import { sitemapIndexXml, sitemapPartCount, sitemapXml } from './sitemap.js';

// The tag and its description are in the document's tag list (src/openapi-document.ts).
const tags = ['Feeds'];

const text = (mediaType: string, description: string) => ({
  content: { [mediaType]: { schema: z.string() } },
  description,
  headers: {
    ETag: { schema: { type: 'string' as const }, description: 'Strong validator of the body; If-None-Match answers 304' },
    'Last-Modified': { schema: { type: 'string' as const }, description: 'When the newest entry changed; If-Modified-Since answers 304' },
  },
});
const notModified = { 304: { description: 'Not modified since the validator the client sent' }, 400: problemResponse('Unknown query parameter (these documents take none)') };
const NoQuery = z.object({}).strict();
const atomResponses = (what: string) => ({ 200: text(atomMediaType, `Atom feed of ${what}: the 50 most recently published or withdrawn versions`), ...notModified });

const idParam = (example: string) => z.object({ id: z.string().min(1).max(200).openapi({ param: { name: 'id', in: 'path' }, example }) });

const robotsRoute = createRoute({ method: 'get', path: '/robots.txt', tags, operationId: 'getRobotsTxt', summary: 'robots.txt, naming the sitemap', request: { query: NoQuery }, responses: { 200: { content: { 'text/plain': { schema: z.string() } }, description: 'The robots exclusion rules' }, 400: notModified[400] } });
const sitemapRoute = createRoute({ method: 'get', path: '/sitemap.xml', tags, operationId: 'getSitemap', summary: 'Sitemap of every public page in both languages (an index of parts above 50,000 URLs)', request: { query: NoQuery }, responses: { 200: text('application/xml', 'Sitemap (sitemaps.org 0.9) with xhtml:link hreflang alternates'), ...notModified } });
const portalFeedRoute = createRoute({ method: 'get', path: '/feeds/versions.atom', tags, operationId: 'getVersionsFeed', summary: 'Atom feed of new and changed versions, portal-wide', request: { query: NoQuery }, responses: atomResponses('every dataset') });
// Paths ending in a suffix after the parameter: documented here, served by the regexp routes below (Hono reads
// `:id.atom` as one parameter named "id.atom").
const sitemapPartRoute = createRoute({ method: 'get', path: '/sitemaps/{part}.xml', tags, operationId: 'getSitemapPart', summary: 'One part of the sitemap, when /sitemap.xml is an index', request: { query: NoQuery, params: z.object({ part: z.string().regex(/^\d+$/).openapi({ param: { name: 'part', in: 'path' }, example: '1' }) }) }, responses: { 200: text('application/xml', 'One sitemap file'), 404: problemResponse('No such part') } });
const departmentFeedRoute = createRoute({ method: 'get', path: '/feeds/departments/{id}.atom', tags, operationId: 'getDepartmentFeed', summary: 'Atom feed of new and changed versions of one department\'s datasets', request: { query: NoQuery, params: idParam('jiaotong') }, responses: { ...atomResponses('one department'), 404: problemResponse('No such department') } });
const datasetFeedRoute = createRoute({ method: 'get', path: '/feeds/datasets/{id}.atom', tags, operationId: 'getDatasetFeed', summary: 'Atom feed of new and changed versions of one dataset', request: { query: NoQuery, params: idParam('bus-routes') }, responses: { ...atomResponses('one dataset'), 404: problemResponse('No such dataset') } });

const atomType = `${atomMediaType}; charset=utf-8`;
const xmlType = 'application/xml; charset=utf-8';

async function noQuery(c: Context<AppEnv>, next: () => Promise<void>) {
  const keys = [...new Set(new URL(c.req.url).searchParams.keys())];
  if (keys.length) throw new ApiError(400, 'unknown_parameter', `Unknown query parameter: ${keys.join(', ')}`, { errors: keys.map((field) => ({ field, message: 'not a known parameter' })) });
  await next();
}

export function feedsRoutes(deps: AppDeps) {
  const app = createRouter();
  const origin = (c: Context<AppEnv>) => publicOrigin(c, deps.env);
  const stripped = (param: string, suffix: string) => param.slice(0, -suffix.length);

  app.openapi(robotsRoute, (c) => c.text(robotsTxt(origin(c)), 200, { 'Cache-Control': 'public, max-age=3600' }));
  app.openapi(sitemapRoute, async (c) => {
    const pages = await sitemapSource(deps);
    const lastmod = pages.reduce((max, p) => (p.lastmod > max ? p.lastmod : max), '1970-01-01T00:00:00Z');
    const xml = sitemapPartCount(pages) > 1 ? sitemapIndexXml(origin(c), pages) : sitemapXml(origin(c), pages);
    return conditionalText(c, xml, xmlType, lastmod) as never;
  });
  app.openapi(portalFeedRoute, async (c) => {
    const feed = await portalFeed(deps, origin(c));
    return conditionalText(c, feed.xml, atomType, feed.updated) as never;
  });

  // The same strict query as the documented routes above, for the three served by regexp.
  app.use('/sitemaps/*', noQuery);
  app.use('/feeds/departments/*', noQuery);
  app.use('/feeds/datasets/*', noQuery);
  app.openAPIRegistry.registerPath(sitemapPartRoute as RouteConfig);
  app.openAPIRegistry.registerPath(departmentFeedRoute as RouteConfig);
  app.openAPIRegistry.registerPath(datasetFeedRoute as RouteConfig);
  app.get('/sitemaps/:file{[0-9]+\\.xml}', async (c) => {
    const part = Number(stripped(c.req.param('file'), '.xml'));
    const pages = await sitemapSource(deps);
    if (!(part >= 1 && part <= sitemapPartCount(pages)) || sitemapPartCount(pages) === 1) throw notFound('Sitemap part', part);
    return conditionalText(c, sitemapXml(origin(c), pages, part - 1), xmlType);
  });
  app.get('/feeds/departments/:file{[^/]+\\.atom}', async (c) => {
    const feed = await departmentFeed(deps, origin(c), stripped(c.req.param('file'), '.atom'));
    return conditionalText(c, feed.xml, atomType, feed.updated);
  });
  app.get('/feeds/datasets/:file{[^/]+\\.atom}', async (c) => {
    const feed = await datasetFeed(deps, origin(c), stripped(c.req.param('file'), '.atom'));
    return conditionalText(c, feed.xml, atomType, feed.updated);
  });
  return app;
}
