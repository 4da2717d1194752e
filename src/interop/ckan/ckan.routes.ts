import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppDeps } from '../../app-deps.js';
import type { AppEnv } from '../../lib/context.js';
import { publicOrigin } from '../../lib/public-origin.js';
import { actions } from './ckan.actions.js';
import { ckanBadRequest, CkanError, ckanFailure, ckanOk } from './ckan.envelope.js';
import { stringParams, validationError } from './ckan.params.js';
import { envelopeOf } from './ckan.schemas.js';
import { loadCkanSource } from './ckan.source.js';

// CKAN's Action API, read-only: GET /api/3/action/<name> with the parameters in the query string (and the
// unversioned /api/action/<name>), or POST with a JSON object, as CKAN clients (ckanapi, ckan.js) send them.
// Anonymous: no key, no session. Answers and errors in CKAN's envelope, never problem+json.

const tags = ['CKAN'];
const names = Object.keys(actions) as [string, ...string[]];

const Envelope = envelopeOf(z.unknown().openapi({ description: 'What the action answers (as in CKAN)' }), 'CkanResponse');

const ErrorEnvelope = z.object({
  help: z.string(),
  success: z.literal(false),
  error: z.object({ __type: z.string().openapi({ example: 'Not Found Error' }), message: z.string().optional() }).catchall(z.unknown()),
}).openapi('CkanError');

const json = (schema: z.ZodType, description: string) => ({ content: { 'application/json': { schema } }, description });
const errorResponses = {
  400: json(z.union([z.string(), ErrorEnvelope]), 'Unknown action ("Bad request - Action name not known: …") or an unreadable fq/q (Search Query Error)'),
  404: json(ErrorEnvelope, 'Not Found Error'),
  409: json(ErrorEnvelope, 'Validation Error: one list of messages per bad parameter'),
};

const actionParam = z.object({ action: z.enum(names).openapi({ param: { name: 'action', in: 'path' }, description: 'The action', example: 'package_search' }) });

export function ckanRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();

  // Typed as a plain Response: the envelope is written as text so its key order is CKAN's.
  async function answer(c: Context<AppEnv>, name: string, raw: Record<string, unknown>): Promise<Response> {
    const origin = publicOrigin(c, deps.env);
    const action = Object.hasOwn(actions, name) ? actions[name] : undefined;
    if (!action) return ckanBadRequest(c, `Action name not known: ${name}`);
    const parsed = action.query.safeParse(stringParams(raw));
    if (!parsed.success) return ckanFailure(c, origin, name, validationError(parsed.error));
    try {
      return ckanOk(c, origin, name, await action.run({ deps, origin, source: () => loadCkanSource(deps) }, parsed.data as Record<string, string | number | undefined>));
    } catch (err) {
      if (err instanceof CkanError) return ckanFailure(c, origin, name, err);
      deps.log.error(`[${c.get('requestId')}] CKAN ${name} failed`, err);
      return c.body(JSON.stringify({ help: '', success: false, error: { __type: 'Internal Server Error', message: 'Internal Server Error' } }), 500, { 'Content-Type': 'application/json;charset=utf-8' });
    }
  }

  async function bodyOf(c: Context<AppEnv>): Promise<Record<string, unknown> | string> {
    const text = await c.req.text();
    if (!text.trim()) return {};
    try {
      const data: unknown = JSON.parse(text);
      return data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : `Request data JSON decoded to ${JSON.stringify(data)} but it needs to be a dictionary.`;
    } catch (err) {
      return `JSON Error: ${(err as Error).message}`;
    }
  }

  for (const [name, action] of Object.entries(actions)) {
    const route = createRoute({
      method: 'get',
      path: `/api/3/action/${name}`,
      tags,
      operationId: action.operationId,
      summary: action.summary,
      request: { query: action.query },
      responses: { 200: json(action.result ? envelopeOf(action.result, `Ckan_${name}_response`) : Envelope, `CKAN's envelope with the ${name} result`), ...errorResponses },
    });
    // Bad parameters answer CKAN's Validation Error, not the API's problem+json.
    app.openapi(route, async (c) => (await answer(c, name, c.req.query())) as never, (result, c) => (result.success ? undefined : (ckanFailure(c, publicOrigin(c, deps.env), name, validationError(result.error)) as never)));
  }

  const unknownAction = (result: { success: boolean }, c: Context<AppEnv>) => (result.success ? undefined : (ckanBadRequest(c, `Action name not known: ${c.req.param('action')}`) as never));
  app.openapi(createRoute({
    method: 'get', path: '/api/action/{action}', tags, operationId: 'ckanActionUnversioned',
    summary: 'Any action above without the version in the path (CKAN answers version 3 there)',
    request: { params: actionParam },
    responses: { 200: json(Envelope, 'CKAN’s envelope'), ...errorResponses },
  }), async (c) => (await answer(c, c.req.param('action') ?? '', c.req.query())) as never, unknownAction);
  for (const [path, operationId] of [['/api/3/action/{action}', 'ckanActionPost'], ['/api/action/{action}', 'ckanActionPostUnversioned']] as const) {
    app.openapi(createRoute({
      method: 'post', path, tags, operationId,
      summary: 'Any action above with its parameters as a JSON object, as CKAN clients send them (read-only all the same)',
      request: { params: actionParam, body: { content: { 'application/json': { schema: z.record(z.string(), z.unknown()).openapi({ example: { q: '公交', rows: 10 } }) } }, required: false } },
      responses: { 200: json(Envelope, 'CKAN’s envelope'), ...errorResponses },
    }), async (c) => {
      const body = await bodyOf(c);
      return (typeof body === 'string' ? ckanBadRequest(c, body) : await answer(c, c.req.param('action') ?? '', body)) as never;
    }, unknownAction);
  }
  // An action CKAN has but we do not answer here (package_create, user_list ...): CKAN's answer to an unknown name.
  app.get('/api/3/action/:action', (c) => ckanBadRequest(c, `Action name not known: ${c.req.param('action')}`));
  return app;
}
