// Issue 11, item 5: security headers on every page, nosniff on API and file responses, no inline script.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';
import { seededVersions, type SeededVersion } from './downloads-fixtures.js';
import { createUser } from '../src/auth/auth.service.js';
import { createSession } from '../src/auth/auth.session.js';
import { queryValue } from './support/db-query.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let open: SeededVersion;
let publisherCookie: string;
let reviewerCookie: string;

beforeAll(async () => {
  t = await createTestApp();
  open = (await seededVersions(t)).find((v) => v.openType === 'open' && v.status === 'published')!;
  const department = (await queryValue(t.db, 'SELECT department_id FROM datasets WHERE id = ?', open.datasetId)) as string;
  const publisher = await createUser(t.db, { email: 'pub@example.cn', password: 'correct horse battery', role: 'publisher', departmentId: department }, new Date());
  publisherCookie = `kf_session=${(await createSession(t.db, publisher.id, new Date())).token}`;
  const reviewer = await createUser(t.db, { email: 'rev@example.cn', password: 'correct horse battery', role: 'reviewer', departmentId: null }, new Date());
  reviewerCookie = `kf_session=${(await createSession(t.db, reviewer.id, new Date())).token}`;
});
afterAll(() => t.close());

/** The CSP as a map of directive -> sources. */
const policy = (res: Response) =>
  Object.fromEntries((res.headers.get('content-security-policy') ?? '').split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...sources]) => [name, sources]));

function expectPageHeaders(res: Response, what: string) {
  const csp = policy(res);
  expect(csp['script-src'], what).toBeDefined();
  expect(csp['script-src'], what).not.toContain("'unsafe-inline'");
  expect(csp['script-src'], what).not.toContain("'unsafe-eval'");
  expect(csp['frame-ancestors'], what).toEqual(["'none'"]);
  expect(csp['object-src'], what).toEqual(["'none'"]);
  expect(res.headers.get('x-content-type-options'), what).toBe('nosniff');
  expect(res.headers.get('referrer-policy'), what).toBe('strict-origin-when-cross-origin');
  expect(res.headers.get('x-frame-options'), what).toBe('DENY');
}

/** Script the policy would block: an inline <script> that is not a JSON data block, or an on* handler attribute. */
function inlineScript(html: string): string[] {
  const found: string[] = [];
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const attrs = m[1] ?? '';
    if (/\bsrc=/.test(attrs) || /type="application\/(ld\+)?json"/.test(attrs)) continue;
    found.push(m[0].slice(0, 120));
  }
  for (const m of html.matchAll(/<[a-z][^>]*\son[a-z]+\s*=/gi)) found.push(m[0].slice(0, 120));
  for (const m of html.matchAll(/(?:href|src|action)\s*=\s*"javascript:/gi)) found.push(m[0]);
  return found;
}

describe('every HTML page', () => {
  const pages = () => [
    ['/', null], ['/en', null], ['/datasets', null], [`/datasets/${open.datasetId}`, null], [`/datasets/${open.datasetId}/versions/${open.n}`, null],
    ['/departments', null], ['/stats', null], ['/demand', null], ['/signin', null], ['/signup', null], ['/developer', null],
    ['/console', publisherCookie], [`/console/datasets/${open.datasetId}/publish`, publisherCookie], [`/console/datasets/${open.datasetId}/versions`, publisherCookie],
    ['/reviewer', reviewerCookie], ['/datasets/no-such-dataset', null],
  ] as const;

  it('has a CSP without inline script, frame-ancestors none, nosniff and the referrer policy, and its HTML has no inline script', async () => {
    for (const [path, cookie] of pages()) {
      const res = await t.app.request(path, { headers: cookie ? { Cookie: cookie } : {} });
      expect(res.headers.get('content-type'), path).toMatch(/^text\/html/);
      expect([200, 404], path).toContain(res.status);
      expectPageHeaders(res, path);
      expect(inlineScript(await res.text()), path).toEqual([]);
    }
  });

  it('the API reference has its own policy, still without inline script and never framed', async () => {
    const res = await t.app.request('/api/docs'); // /docs redirects here
    expect(res.status).toBe(200);
    expectPageHeaders(res, '/api/docs');
    expect(inlineScript(await res.text())).toEqual([]);
    const init = await t.app.request('/docs/init.js');
    expect(init.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(init.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('API and file responses', () => {
  it('carry nosniff and the referrer policy: JSON, problem+json, CSV download, 304, redirect and static files', async () => {
    const file = `/api/v1/datasets/${open.datasetId}/versions/${open.n}/data.csv`;
    const etag = (await t.app.request(file)).headers.get('etag')!;
    const responses: [string, Response][] = [
      ['json', await t.app.request('/api/v1/datasets?limit=1')],
      ['problem', await t.app.request('/api/v1/datasets/no-such-dataset')],
      ['csv', await t.app.request(file)],
      ['xlsx', await t.app.request(file.replace('data.csv', 'data.xlsx'))],
      ['304', await t.app.request(file, { headers: { 'If-None-Match': etag } })],
      ['307', await t.app.request(`/api/v1/datasets/${open.datasetId}/data.csv`)],
      ['openapi', await t.app.request('/openapi.json')],
      ['css', await t.app.request('/static/portal.css')],
    ];
    for (const [what, res] of responses) {
      expect(res.status, what).toBeLessThan(500);
      expect(res.headers.get('x-content-type-options'), what).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), what).toBe('strict-origin-when-cross-origin');
    }
    expect(responses.find(([w]) => w === 'csv')![1].headers.get('content-type')).toMatch(/^text\/csv/);
  });
});
