import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';
import { createUser } from '../src/auth/auth.service.js';
import { createSession } from '../src/auth/auth.session.js';
import { createDataset } from '../src/catalog/catalog.write.js';
import { companyDataset, writeCompanyCsv } from '../src/versions/publish/publish.fixtures.js';
import { publishVersion } from '../src/versions/publish/publish.service.js';
import { queryRow, queryValue, queryValues } from './support/db-query.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let deptA = '';
let deptB = '';
let theme: string;
let csv: string;
const cookies: Record<string, string | null> = { anonymous: null };
const admin = { id: 'setup', role: 'admin', departmentId: null };

const roles = ['anonymous', 'user', 'publisher_a', 'publisher_b', 'dept_admin_a', 'reviewer', 'admin'] as const;
type RoleName = (typeof roles)[number];
const allowed = new Set<RoleName>(['publisher_a', 'dept_admin_a', 'admin']);
const expectedStatus = (role: RoleName, ok: number) => (role === 'anonymous' ? 401 : allowed.has(role) ? ok : 403);

beforeAll(async () => {
  t = await createTestApp({ datasets: [] });
  [deptA = '', deptB = ''] = (await queryValues(t.db, 'SELECT id FROM departments ORDER BY position LIMIT 2')) as string[];
  theme = (await queryValue(t.db, 'SELECT id FROM themes LIMIT 1')) as string;
  const accounts: [RoleName, string, string | null][] = [
    ['user', 'user', null], ['publisher_a', 'publisher', deptA!], ['publisher_b', 'publisher', deptB!],
    ['dept_admin_a', 'dept_admin', deptA!], ['reviewer', 'reviewer', null], ['admin', 'admin', null],
  ];
  for (const [name, role, dept] of accounts) {
    const u = await createUser(t.db, { email: `${name}@example.cn`, password: 'correct horse battery', role: role as 'user', departmentId: dept }, new Date());
    cookies[name] = `kf_session=${(await createSession(t.db, u.id, new Date())).token}`;
  }
  csv = path.join(t.dataDir, 'rows.csv');
  writeCompanyCsv(csv, 20);
});
afterAll(() => t.close());

const send = (role: RoleName, method: string, url: string, body?: BodyInit, json = false) =>
  t.app.request(url, {
    method,
    body,
    headers: { Origin: 'http://localhost', ...(cookies[role] ? { Cookie: cookies[role]! } : {}), ...(json ? { 'Content-Type': 'application/json' } : {}) },
  });

/** A dataset of department A with one published version, fresh for each cell of the matrix. */
let serial = 0;
async function freshDatasetOfA() {
  const id = `matrix-${++serial}`;
  await createDataset(t.deps, admin, companyDataset(id, deptA!, theme));
  await publishVersion(t.deps, { datasetId: id, filePath: csv, changeNote: 'v1', publishedBy: null });
  return id;
}

const uploadForm = () => {
  const form = new FormData();
  form.set('change_note', '月度更新');
  form.set('file', new Blob([fs.readFileSync(csv)], { type: 'text/csv' }), 'rows.csv');
  return form;
};

const endpoints: [string, (role: RoleName) => Promise<Response>, number][] = [
  ['POST /api/v1/datasets', async (role) => send(role, 'POST', '/api/v1/datasets', JSON.stringify({ ...companyDataset(`new-${role.replaceAll('_', '-')}-${++serial}`, deptA!, theme), code: `code-${serial}` }), true), 201],
  ['PATCH /api/v1/datasets/{id}', async (role) => send(role, 'PATCH', `/api/v1/datasets/${await freshDatasetOfA()}`, JSON.stringify({ title_en: 'Renamed' }), true), 200],
  ['POST /api/v1/datasets/{id}/versions', async (role) => send(role, 'POST', `/api/v1/datasets/${await freshDatasetOfA()}/versions`, uploadForm()), 201],
  ['POST /api/v1/datasets/{id}/versions/{n}/withdraw', async (role) => send(role, 'POST', `/api/v1/datasets/${await freshDatasetOfA()}/versions/1/withdraw`, JSON.stringify({ reason: '数据有误' }), true), 200],
];

describe('who may write: every role x every write endpoint (department A data)', () => {
  for (const [name, call, ok] of endpoints) {
    it.each(roles)(`${name} as %s`, async (role) => {
      const res = await call(role);
      expect(res.status, await res.clone().text()).toBe(expectedStatus(role, ok));
      if (res.status >= 400) expect(res.headers.get('content-type')).toMatch(/problem\+json/);
    });
  }
});

describe('publishing over HTTP', () => {
  it('records a metadata edit with who and when', async () => {
    const id = await freshDatasetOfA();
    const res = await send('publisher_a', 'PATCH', `/api/v1/datasets/${id}`, JSON.stringify({ title_zh: '改名后的名录', keywords: ['企业', '名录'] }), true);
    expect(await res.json()).toEqual({ id, changed: ['title_zh', 'keywords'] });
    const change = (await queryRow(t.db, 'SELECT c.user_id, c.changes FROM dataset_changes c JOIN datasets d ON d.pk = c.dataset_pk WHERE d.id = ?', id)) as { user_id: string; changes: string };
    expect(JSON.parse(change.changes).title_zh.to).toBe('改名后的名录');
    expect(change.user_id).toMatch(/^u_/);
  });

  it('refuses an upload over the limit with 413 before reading it', async () => {
    const id = await freshDatasetOfA();
    const res = await t.app.request(`/api/v1/datasets/${id}/versions`, {
      method: 'POST',
      headers: { Origin: 'http://localhost', Cookie: cookies.publisher_a!, 'Content-Type': 'multipart/form-data; boundary=x', 'Content-Length': String(201 * 1048576) },
      body: '--x--',
    });
    expect(res.status).toBe(413);
    expect((await res.json()).code).toBe('upload_too_large');
  });

  it('publishes a 10,000-row upload of 1.6 MB (validated in the worker thread) and serves its file', async () => {
    const id = await freshDatasetOfA();
    const big = path.join(t.dataDir, 'big-upload.csv');
    writeCompanyCsv(big, 10_000);
    const body = fs.readFileSync(big);
    expect(body.length).toBeGreaterThan(1 << 20);
    const form = new FormData();
    form.set('change_note', '全量更新');
    form.set('file', new Blob([body], { type: 'text/csv' }), 'companies.csv');
    const res = await send('publisher_a', 'POST', `/api/v1/datasets/${id}/versions`, form);
    expect(res.status, await res.clone().text()).toBe(201);
    expect(await res.json()).toMatchObject({ n: 2, row_count: 10_000, diff: { added: 9_980, removed: 0 } });
    const rows = (await (await t.app.request(`/api/v1/datasets/${id}/versions/2/data.json`)).json()) as Record<string, unknown>[];
    expect(rows).toHaveLength(10_000);
    expect(rows.at(-1)).toMatchObject({ id: 10_000, district: '含山县', active: true });
  });

  it('creating a dataset answers with its metadata and where it lives; it then reads the same there, with no versions yet', async () => {
    const res = await send('publisher_a', 'POST', '/api/v1/datasets', JSON.stringify({ ...companyDataset('created-here', deptA!, theme), code: 'code-created-here' }), true);
    expect(res.status, await res.clone().text()).toBe(201);
    expect(res.headers.get('location')).toBe('/api/v1/datasets/created-here');
    const created = (await res.json()) as Record<string, unknown>;
    expect(created).toMatchObject({ id: 'created-here', department: { id: deptA }, latest_version: null, records: 0 });
    const detail = (await (await t.app.request(res.headers.get('location')!)).json()) as Record<string, unknown>;
    expect(detail.versions).toEqual([]);
    for (const [k, v] of Object.entries(created)) expect(detail[k], k).toEqual(v);
  });

  it('withdraws a version: it answers 410 and the latest moves back', async () => {
    const id = await freshDatasetOfA();
    await send('publisher_a', 'POST', `/api/v1/datasets/${id}/versions`, uploadForm());
    const res = await send('publisher_a', 'POST', `/api/v1/datasets/${id}/versions/2/withdraw`, JSON.stringify({ reason: '地址字段错误' }), true);
    expect(await res.json()).toEqual({ n: 2, latest_version: 1 });
    expect((await t.app.request(`/api/v1/datasets/${id}/versions/2/data.csv`)).status).toBe(410);
    const detail = await (await t.app.request(`/api/v1/datasets/${id}`)).json();
    expect(detail.latest_version).toBe(1);
  });
});
