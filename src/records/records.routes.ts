import type { Context, MiddlewareHandler } from 'hono';
import { stream } from 'hono/streaming';
import { createRoute, z } from '@hono/zod-openapi';
import { createRouter } from '../lib/router.js';
import type { AppEnv } from '../lib/context.js';
import type { AppDeps } from '../app-deps.js';
import { ApiError } from '../lib/errors.js';
import { linkNext } from '../lib/links.js';
import type { FieldSpec } from '../lib/field-spec.js';
import { anonymousClient, apiKeyAuth, keyRequired } from '../keys/index.js';
import { parseRecordsQuery, type RecordsQuery } from './records.query.js';
import type { RecordsTarget } from './records.target.js';
import type { JsonPage } from './records.service.js';
import { orderKeys } from './records.sql.js';
import { cursorVersion, decodeCursor, encodeCursor, matchesEtag, recordsEtag } from './records.paging.js';
import { visibleSchema } from './records.access.js';
import { chunkEncoder, contentTypes } from './records.format.js';
import { createStreamSlots, createTurns, pumpRows } from './records.stream.js';
import { recordsQueryParameters, recordsResponses } from './records.schemas.js';
import { countApiCalls, countedBody, noteRecordsUse } from '../usage/index.js';

const tags = ['Records'];
const maxUrlLength = 4096;
const datasetId = z.string().min(1).max(200).openapi({ param: { name: 'id', in: 'path' }, example: 'bus-stops' });
const versionN = z.string().max(12).openapi({ param: { name: 'n', in: 'path' }, type: 'integer', minimum: 1, example: 1 });

const latestRoute = createRoute({
  operationId: 'listRecords',
  method: 'get', path: '/api/v1/datasets/{id}/records', tags,
  summary: 'Records of the latest published version',
  description: 'Filter, sort, select, search and page the rows of a dataset. Send the key as `Authorization: Bearer <key>` or `X-API-Key`. Open datasets can be read without a key at a lower per-address rate (60 a minute and 1,000 a day by default); conditional datasets need a key with a grant.',
  security: [{ bearerAuth: [] }, { apiKeyHeader: [] }, {}] as const,
  request: { params: z.object({ id: datasetId }) },
  parameters: recordsQueryParameters,
  responses: recordsResponses,
});

const pinnedRoute = createRoute({
  operationId: 'listVersionRecords',
  method: 'get', path: '/api/v1/datasets/{id}/versions/{n}/records', tags,
  summary: 'Records of one version',
  description: 'As `/records`, pinned to version n: the same URL answers the same records for ever.',
  security: [{ bearerAuth: [] }, { apiKeyHeader: [] }, {}] as const,
  request: { params: z.object({ id: datasetId, n: versionN }) },
  parameters: recordsQueryParameters,
  responses: recordsResponses,
});

/** Long URLs are refused before any work: 414, not a 500 or a silently truncated filter. */
const uriLimit: MiddlewareHandler = async function uriLimit(c, next) {
  const u = c.req.url;
  if (u.length - u.indexOf('/', u.indexOf('//') + 2) > maxUrlLength) throw new ApiError(414, 'uri_too_long', `The URL is longer than ${maxUrlLength} characters; use fewer or shorter filters.`);
  await next();
};

const queryEntries = (url: string) => {
  const at = url.indexOf('?');
  return new URLSearchParams(at < 0 ? '' : url.slice(at + 1));
};

const presentField = (f: FieldSpec) => ({ name: f.name, type: f.type, label_zh: f.label_zh, label_en: f.label_en ?? null, primary_key: f.primary_key });

// A version's schema array is parsed once and reused, so its `fields` JSON is written once too.
const fieldsJsonOf = new WeakMap<FieldSpec[], string>();
const fieldsJson = (fields: FieldSpec[]) => fieldsJsonOf.get(fields) ?? fieldsJsonOf.set(fields, JSON.stringify(fields.map(presentField))).get(fields)!;

/** The documented page, `JSON.stringify({ data, next_cursor, total, version, fields })` byte for byte, around records already JSON. */
const jsonBody = (page: JsonPage, next: string | null, version: number, fields: FieldSpec[]) =>
  `{"data":[${page.json.join(',')}],"next_cursor":${JSON.stringify(next)},"total":${page.total},"version":${version},"fields":${fieldsJson(fields)}}`;

export function recordsRoutes(deps: AppDeps) {
  const { resolver, reader } = deps.records;
  const slots = createStreamSlots();
  const nextTurn = createTurns();

  async function streamAll(c: Context<AppEnv>, target: RecordsTarget, query: RecordsQuery, after: ReturnType<typeof decodeCursor> | null) {
    const total = await reader.totalAsync(target, query);
    const release = slots.acquire(c.get('apiKey')?.id ?? anonymousClient(c, deps.env));
    try {
      const walk = await reader.walk(target, query, after);
      noteRecordsUse(c, target, { format: query.format, rows: total, bytes: null });
      c.header('X-Total-Count', String(total));
      c.header('Content-Type', contentTypes[query.format]);
      const enc = chunkEncoder(query.format as 'csv' | 'ndjson', query.fields, query.bom);
      return stream(c, async (s) => {
        s.onAbort(release);
        try {
          await pumpRows(s, walk, enc, nextTurn);
        } finally {
          release();
        }
      });
    } catch (err) {
      release();
      throw err;
    }
  }

  async function respond(c: Context<AppEnv>, target: RecordsTarget) {
    const key = c.get('apiKey');
    // Read without a key (KAIFANG_ANONYMOUS_RATE): open datasets only; refused like a missing key, so not dataset use.
    if (!key && target.openType !== 'open') throw keyRequired(c, deps.env);
    noteRecordsUse(c, target);
    const schema = key ? await visibleSchema(deps.db, target, key, deps.now()) : target.schema;
    const query = parseRecordsQuery(queryEntries(c.req.url), schema, c.req.header('accept'), target.schema);
    const after = query.cursor ? decodeCursor(deps.cursors, target, query, orderKeys(query.sort).length) : null;
    const etag = recordsEtag(target, query);
    c.header('ETag', etag);
    c.header('Cache-Control', 'private, no-cache');
    c.header('Vary', 'Accept, Authorization, X-API-Key');
    if (matchesEtag(c.req.header('if-none-match'), etag)) return c.body(null, 304);
    if (query.limit === 'all') return streamAll(c, target, query, after);

    const limit = query.limit;
    const cursorFor = (page: { next: ReturnType<typeof decodeCursor> | null; total: number }) => {
      const next = page.next ? encodeCursor(deps.cursors, target, query, page.next) : null;
      if (next) c.header('Link', linkNext(c.req.url, next));
      c.header('X-Total-Count', String(page.total));
      return next;
    };
    if (query.format === 'json') {
      const page = await reader.jsonPage(target, query, after, limit);
      const text = jsonBody(page, cursorFor(page), target.n, query.fields);
      return countedBody(c, target, { format: 'json', rows: page.json.length, text, contentType: 'application/json' });
    }
    const page = await reader.rowsPage(target, query, after, limit);
    cursorFor(page);
    const enc = chunkEncoder(query.format, query.fields, query.bom);
    return countedBody(c, target, { format: query.format, rows: page.rows.length, text: enc.head() + enc.rows(page.rows), contentType: contentTypes[query.format] });
  }

  const router = createRouter();
  const keyed = apiKeyAuth(deps, { anonymous: true });
  const counted = countApiCalls(deps);
  router.use('/api/v1/datasets/:id/records', uriLimit, keyed, counted);
  router.use('/api/v1/datasets/:id/versions/:n/records', uriLimit, keyed, counted);
  return router
    .openapi(latestRoute, async (c) => {
      const { id } = c.req.valid('param');
      // A cursor keeps a page walk on the version it started on, whatever has been published since.
      const v = cursorVersion(queryEntries(c.req.url).get('cursor'));
      return respond(c, v ? await resolver.pinned(id, v) : await resolver.latest(id)) as never;
    })
    .openapi(pinnedRoute, async (c) => {
      const { id, n } = c.req.valid('param');
      if (!/^[1-9]\d{0,8}$/.test(n)) throw new ApiError(404, 'not_found', `Version '${n}' of dataset '${id}' does not exist`);
      return respond(c, await resolver.pinned(id, Number(n))) as never;
    });
}
