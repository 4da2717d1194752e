import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';
import { closeConnection } from '../src/db/connection.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const problemKeys = ['type', 'title', 'status', 'detail', 'code', 'request_id'];

describe('one problem+json shape for every error', () => {
  it.each([
    ['GET', '/api/v1/datasets/nope', 404],
    ['GET', '/api/v1/nothing-here', 404],
    ['GET', '/api/v1/datasets?limit=0', 400],
    ['GET', '/api/v1/datasets?unknown=1', 400],
    ['DELETE', '/api/v1/themes', 405],
  ])('%s %s -> %i', async (method, url, status) => {
    const res = await t.app.request(url, { method });
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const requestId = res.headers.get('x-request-id');
    expect(requestId).toBeTruthy();
    const body = (await res.json()) as Record<string, unknown>;
    for (const k of problemKeys) expect(body).toHaveProperty(k);
    expect(body.status).toBe(status);
    expect(body.request_id).toBe(requestId);
    expect(String(body.detail).length).toBeGreaterThan(10);
    if (status === 405) expect(res.headers.get('allow')).toContain('GET');
  });

  it('answers 500 in the same shape without leaking internals', async () => {
    const logged: string[] = [];
    const broken = await createTestApp({ datasets: [], log: { info: () => {}, error: (msg, err) => logged.push(`${msg} ${String(err)}${(err as Error).cause ? ` (cause: ${String((err as Error).cause)})` : ''}`) } });
    await closeConnection(broken.db); // every query now throws inside the database driver
    const res = await broken.app.request('/api/v1/themes');
    expect(res.status).toBe(500);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body.code).toBe('internal_error');
    expect(JSON.stringify(body)).not.toMatch(/database|sqlite/i);
    // The operator finds the real cause in the log under the request id the client saw.
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain(String(body.request_id));
    expect(logged[0]).toMatch(broken.engine === 'postgres' ? /CONNECTION_ENDED/ : /database connection is not open/);
    broken.close = async () => {};
  });

  it('puts X-Request-Id on successful responses too', async () => {
    const res = await t.app.request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
    expect(res.headers.get('x-request-id')).toBeTruthy();
  });
});
