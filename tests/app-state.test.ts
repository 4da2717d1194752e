import { asSqlite } from '../src/db/connection.js';
// Issue 13 item 5: every piece of state is built by createApp, so two apps in one process (or two processes on one
// database) share none of it: not the indicators, not the memo of catalog and statistics reads, not the workers.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';
import { browserUa, fileUrl, fromIp, openDatasets, signedIn, type TestApp } from './usage.helpers.js';
import { createApp } from '../src/app.js';
import { openDb, type Db } from '../src/db/client.js';
import type { Indicator } from '../src/usage/assessment.indicators.js';
import { createDataset } from '../src/catalog/catalog.write.js';
import { publishVersion } from '../src/versions/publish/publish.service.js';
import type { FieldSpec } from '../src/lib/field-spec.js';
import { settledThreads } from './threads.helpers.js';

const secret = 'test-secret-test-secret';
let a: TestApp;
let secondConnection: Db;
let b: Awaited<ReturnType<typeof createApp>>;
let reviewer: string;

beforeAll(async () => {
  a = await createTestApp();
  // A second app on its own connection to the same database: as a second process behind a load balancer would be.
  secondConnection = openDb(path.join(a.dataDir, 'kaifang.db'));
  b = await createApp({ db: secondConnection, env: a.deps.env, filesDir: a.deps.filesDir, secret, usage: false });
  reviewer = (await signedIn(a, 'reviewer@kaifang.gov.cn', 'reviewer')).cookie;
});
afterAll(async () => {
  await b.close();
  asSqlite(secondConnection).$client.close();
  await a.close();
});

const json = async (app: { request: (url: string, init?: RequestInit) => Response | Promise<Response> }, url: string, cookie?: string) => {
  const res = await app.request(url, cookie ? { headers: { cookie } } : undefined);
  expect(res.status, url).toBe(200);
  return (await res.json()) as Record<string, unknown>;
};
const downloads = async (app: TestApp['app']) => ((await json(app, '/api/v1/stats/overview')).downloads as { total: number }).total;

describe('two apps on one database', () => {
  it('a download counted by one app shows in the other\'s statistics, never a figure cached before it', async () => {
    const ds = (await openDatasets(a)).first;
    const download = async (ip: string) => {
      expect((await a.app.request(fileUrl(ds), { headers: { 'user-agent': browserUa } }, fromIp(ip))).status).toBe(200);
      await a.deps.usage.flush();
    };
    await download('10.9.9.8'); // builds the file on first request, which changes the catalog (and so every cached read)
    const before = await downloads(b.app);
    expect(await downloads(a.app)).toBe(before);
    await download('10.9.9.9');
    expect(await downloads(a.app)).toBe(before + 1);
    expect(await downloads(b.app)).toBe(before + 1);
  });

  it('a dataset created through one app is listed by the other, not hidden by a cached catalog', async () => {
    const ids = async () => ((await json(b.app, '/api/v1/datasets?limit=1000')).data as { id: string }[]).map((d) => d.id);
    expect(await ids()).not.toContain('state-test');
    await createDataset(a.deps, { id: 'u_admin', role: 'admin', departmentId: null }, datasetInput((await openDatasets(a)).first.department_id));
    expect(await ids()).toContain('state-test');
  });

  it('each app has the indicators it was built with: one given to an app is not in another\'s scorecard, none twice', async () => {
    const extra: Indicator = { id: 'only_in_c', label_zh: '测试', label_en: 'Test', description: 'test', higherIsBetter: true, compute: async () => new Map(), sql: "SELECT 'x' AS department_id, 0 AS value" };
    const c = await createApp({ db: a.db, env: a.deps.env, filesDir: a.deps.filesDir, secret, usage: false, indicators: [...a.deps.indicators, extra] });
    const d = await createApp({ db: a.db, env: a.deps.env, filesDir: a.deps.filesDir, secret, usage: false });
    try {
      const listed = async (app: TestApp['app']) => ((await json(app, '/api/v1/assessment?period=2026', reviewer)).indicators as { id: string }[]).map((i) => i.id);
      const ofA = await listed(a.app);
      expect(ofA).toContain('demands_received'); // the demand board's, put in by createApp
      expect(new Set(ofA).size).toBe(ofA.length);
      expect(await listed(c.app)).toEqual([...ofA, 'only_in_c']);
      expect(await listed(a.app)).toEqual(ofA);
      expect(await listed(d.app)).toEqual(ofA);
    } finally {
      await Promise.all([c.close(), d.close()]);
    }
  });
});


describe.skipIf(process.platform !== 'linux')('closing an app', () => {
  it('ends the worker threads it kept after a publish (they would wait five minutes for the next one), and only its own', async () => {
    const e = await createApp({ db: a.db, env: a.deps.env, filesDir: a.deps.filesDir, secret, usage: false });
    const csv = path.join(a.dataDir, 'state.csv');
    fs.writeFileSync(csv, `id,name\n${Array.from({ length: 50 }, (_, i) => `${i + 1},n${i + 1}`).join('\n')}\n`);
    await createDataset(e.deps, { id: 'u_admin', role: 'admin', departmentId: null }, datasetInput((await openDatasets(a)).first.department_id, 'state-close'));
    await publishVersion(e.deps, { datasetId: 'state-close', filePath: csv, changeNote: 'v1', publishedBy: null });
    await b.close(); // another app's close leaves e's workers alone
    const kept = await settledThreads();
    await e.close();
    expect(await settledThreads()).toBeLessThanOrEqual(kept - 2); // the two version workers a publish runs at once
  });
});

function datasetInput(department: string, id = 'state-test') {
  const fields: FieldSpec[] = [
    { name: 'id', label_zh: '编号', type: 'integer', required: true, primary_key: true },
    { name: 'name', label_zh: '名称', type: 'string', required: false, primary_key: false },
  ];
  const theme = a.db.$client.prepare('SELECT id FROM themes LIMIT 1').pluck().get() as string;
  return {
    id, code: `${id}-code`, title_zh: '状态测试', title_en: 'State test', summary_zh: '测试', summary_en: 'Test', department, theme,
    open_type: 'open' as const, share_type: '无条件共享' as const, update_frequency: 'daily' as const, license: 'CC-BY-4.0',
    keywords: ['测试'], keywords_en: ['test'], spatial: '马鞍山市', industry: null, related_codes: [], fields,
  };
}
