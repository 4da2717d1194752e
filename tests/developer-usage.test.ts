import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';
import { developer } from './records.helpers.js';
import { queryValue } from './support/db-query.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('the developer centre shows my own use', () => {
  it('lists calls per day and key once they are counted, and says so when there are none', async () => {
    const dev = await developer(t.app, 'usage-page@example.com');
    const empty = await (await t.app.request('/developer', { headers: { cookie: dev.cookie } })).text();
    expect(empty).toContain('近 30 天还没有调用记录');

    const id = (await queryValue(t.db, "SELECT id FROM datasets WHERE open_type = 'open' LIMIT 1")) as string;
    for (let i = 0; i < 3; i++) expect((await t.app.request(`/api/v1/datasets/${id}/records?limit=${i + 1}`, { headers: dev.headers })).status).toBe(200);
    await t.deps.usage.flush();

    const page = await (await t.app.request('/en/developer', { headers: { cookie: dev.cookie } })).text();
    const today = new Date().toISOString().slice(0, 10);
    const row = page.slice(page.indexOf(`<td>${today}</td>`));
    expect(row).toContain(dev.key.prefix);
    expect(row).toMatch(/<td class="num">3<\/td><td class="num">6<\/td><td class="num">0<\/td>/);
  });
});
