// Issue 18, proof: every privileged endpoint writes exactly one audit row (actor, role, department, action, target),
// whether reached by the API or by the page's form; a refused call writes none, except a failed sign-in, which is itself
// the event. The operator's CLI commands and a changed assessment-weights file are on the trail too.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';
import { person, send, form, type Person, type TestApp } from './demand.helpers.js';
import { createDataset } from '../src/catalog/catalog.write.js';
import { companyDataset, writeCompanyCsv } from '../src/versions/publish/publish.fixtures.js';
import { publishVersion } from '../src/versions/publish/publish.service.js';
import { sha256Hex } from '../src/auth/auth.crypto.js';
import { loadAuditedAssessmentConfig } from '../src/usage/assessment.config.js';
import { userAdd } from '../scripts/cli/user.js';
import { userPassword } from '../scripts/cli/user-password.js';
import { grantAdd } from '../scripts/cli/grant.js';
import { queryRows, queryValue } from './support/db-query.js';
import { generateHOTP } from '@oslojs/otp';
import { decodeBase32 } from '../src/auth/auth.totp.js';

type AuditRow = { actor: string | null; actor_role: string | null; actor_department_id: string | null; action: string; target: string | null; summary: string | null; request_id: string | null; client_hash: string | null };

const deptA = 'taxation';
const deptB = 'justice';
const password = 'correct horse battery';
let t: TestApp;
let csv: string;
let theme: string;
let user: Person, publisherA: Person, publisherB: Person, deptAdminA: Person, reviewer: Person, admin: Person;
const setup = { id: 'setup', role: 'admin', departmentId: null };

beforeAll(async () => {
  t = await createTestApp({ datasets: ['tax-service-halls'] });
  theme = (await queryValue(t.db, 'SELECT id FROM themes LIMIT 1')) as string;
  user = await person(t, 'user', null);
  publisherA = await person(t, 'publisher', deptA);
  publisherB = await person(t, 'publisher', deptB);
  deptAdminA = await person(t, 'dept_admin', deptA);
  reviewer = await person(t, 'reviewer', null);
  admin = await person(t, 'admin', null);
  csv = path.join(t.dataDir, 'rows.csv');
  writeCompanyCsv(csv, 20);
});
afterAll(() => t.close());

/** Runs `call` and gives the audit rows it added (every row: a stray second row of any action fails the test). */
async function rowsAddedBy(call: () => Promise<unknown>): Promise<AuditRow[]> {
  const before = Number((await queryValue(t.db, 'SELECT COALESCE(MAX(id), 0) FROM audit_events')) ?? 0);
  await call();
  return await queryRows<AuditRow>(t.db, 'SELECT actor, actor_role, actor_department_id, action, target, summary, request_id, client_hash FROM audit_events WHERE id > ? ORDER BY id', before);
}

async function expectStatus(res: Response | Promise<Response>, status: number) {
  const r = await res;
  expect(r.status, await r.clone().text()).toBe(status);
  return r;
}

/** Exactly one row, by this person (with the role and department of the account), of this action and target. */
function expectOne(rows: AuditRow[], who: Person, role: string, department: string | null, action: string, target: string | RegExp) {
  expect(rows.map((r) => r.action)).toEqual([action]);
  const [row] = rows as [AuditRow];
  expect({ actor: row.actor, role: row.actor_role, department: row.actor_department_id }).toEqual({ actor: who.id, role, department });
  if (typeof target === 'string') expect(row.target).toBe(target);
  else expect(row.target).toMatch(target);
  return row;
}

let serial = 0;
async function datasetOfA() {
  const id = `audit-${++serial}`;
  await createDataset(t.deps, setup, companyDataset(id, deptA, theme));
  await publishVersion(t.deps, { datasetId: id, filePath: csv, changeNote: 'v1', publishedBy: null });
  return id;
}

const uploadForm = () => {
  const body = new FormData();
  body.set('change_note', '月度更新');
  body.set('file', new Blob([fs.readFileSync(csv)], { type: 'text/csv' }), 'rows.csv');
  return body;
};

const signIn = (email: string, secret: string) => send(t, null, 'POST', '/api/v1/auth/login', { email, password: secret });

describe('sign-in', () => {
  it('a sign-in writes auth.sign_in for the account (by API and by the page form)', async () => {
    const rows = await rowsAddedBy(async () => expectStatus(signIn(publisherA.email, password), 200));
    const row = expectOne(rows, publisherA, 'publisher', deptA, 'auth.sign_in', `user:${publisherA.id}`);
    expect(row.request_id).toBeTruthy();
    const viaForm = await rowsAddedBy(async () => expectStatus(form(t, null, '/api/v1/auth/login', { email: deptAdminA.email, password, next: '/console', from: '/signin' }), 303));
    expectOne(viaForm, deptAdminA, 'dept_admin', deptA, 'auth.sign_in', `user:${deptAdminA.id}`);
  });

  it('a failed sign-in writes auth.sign_in_failed with no actor, naming the account or a hash of the address, never the password', async () => {
    const wrong = await rowsAddedBy(async () => expectStatus(signIn(reviewer.email, 'not the password at all'), 401));
    expect(wrong).toHaveLength(1);
    expect(wrong[0]).toMatchObject({ actor: null, actor_role: null, action: 'auth.sign_in_failed', target: `user:${reviewer.id}` });
    const unknown = await rowsAddedBy(async () => expectStatus(signIn('Nobody@Example.cn', 'a password nobody has'), 401));
    expect(unknown).toHaveLength(1);
    expect(unknown[0]).toMatchObject({ actor: null, action: 'auth.sign_in_failed', target: `email:${sha256Hex('nobody@example.cn').slice(0, 16)}` });
    expect(JSON.stringify([...wrong, ...unknown])).not.toMatch(/password|nobody@example/i);
  });
});

describe('API keys', () => {
  it('creating and revoking a key write keys.created and keys.revoked (API), and the page form writes one row too', async () => {
    let keyId = '';
    const created = await rowsAddedBy(async () => {
      keyId = ((await (await expectStatus(send(t, user, 'POST', '/api/v1/me/keys', { name: 'my app' }), 201)).json()) as { id: string }).id;
    });
    const row = expectOne(created, user, 'user', null, 'keys.created', `key:${keyId}`);
    expect(row.summary ?? '').not.toMatch(/kf_/);
    expectOne(await rowsAddedBy(async () => expectStatus(send(t, user, 'DELETE', `/api/v1/me/keys/${keyId}`), 204)), user, 'user', null, 'keys.revoked', `key:${keyId}`);
    expectOne(await rowsAddedBy(async () => expectStatus(form(t, publisherA, '/developer/keys', { name: 'from the page' }), 303)), publisherA, 'publisher', deptA, 'keys.created', /^key:k_/);
  });

  it('revoking a key that is not yours writes nothing', async () => {
    expect(await rowsAddedBy(async () => expectStatus(send(t, user, 'DELETE', '/api/v1/me/keys/k_nope'), 404))).toEqual([]);
  });
});

describe('datasets and versions: the allowed roles write one row, refused ones none', () => {
  const refused = () => [user, publisherB, reviewer];

  it('POST /api/v1/datasets writes datasets.created', async () => {
    for (const who of refused()) {
      const body = { ...companyDataset(`refused-${++serial}`, deptA, theme), code: `code-r${serial}` };
      expect(await rowsAddedBy(async () => expectStatus(send(t, who, 'POST', '/api/v1/datasets', body), 403))).toEqual([]);
    }
    const body = { ...companyDataset(`made-${++serial}`, deptA, theme), code: `code-m${serial}` };
    expectOne(await rowsAddedBy(async () => expectStatus(send(t, publisherA, 'POST', '/api/v1/datasets', body), 201)), publisherA, 'publisher', deptA, 'datasets.created', `dataset:${body.id}`);
  });

  it('PATCH /api/v1/datasets/{id} writes datasets.edited naming the changed fields', async () => {
    const id = await datasetOfA();
    for (const who of refused()) expect(await rowsAddedBy(async () => expectStatus(send(t, who, 'PATCH', `/api/v1/datasets/${id}`, { title_en: 'No' }), 403))).toEqual([]);
    const rows = await rowsAddedBy(async () => expectStatus(send(t, deptAdminA, 'PATCH', `/api/v1/datasets/${id}`, { title_en: 'Renamed' }), 200));
    expect(expectOne(rows, deptAdminA, 'dept_admin', deptA, 'datasets.edited', `dataset:${id}`).summary).toBe('changed: title_en');
  });

  it('POST /api/v1/datasets/{id}/versions writes versions.published', async () => {
    const id = await datasetOfA();
    const upload = (who: Person) => t.app.request(`/api/v1/datasets/${id}/versions`, { method: 'POST', body: uploadForm(), headers: { origin: 'http://localhost', cookie: who.cookie } });
    for (const who of refused()) expect(await rowsAddedBy(async () => expectStatus(upload(who), 403))).toEqual([]);
    const rows = await rowsAddedBy(async () => expectStatus(upload(admin), 201));
    expectOne(rows, admin, 'admin', null, 'versions.published', `dataset:${id}@2`);
  });

  it('withdrawing a version writes versions.withdrawn, by API and by the console form', async () => {
    const id = await datasetOfA();
    for (const who of refused()) expect(await rowsAddedBy(async () => expectStatus(send(t, who, 'POST', `/api/v1/datasets/${id}/versions/1/withdraw`, { reason: '数据有误' }), 403))).toEqual([]);
    const rows = await rowsAddedBy(async () => expectStatus(send(t, publisherA, 'POST', `/api/v1/datasets/${id}/versions/1/withdraw`, { reason: '数据有误' }), 200));
    expectOne(rows, publisherA, 'publisher', deptA, 'versions.withdrawn', `dataset:${id}@1`);
    const other = await datasetOfA();
    const viaForm = await rowsAddedBy(async () => expectStatus(form(t, deptAdminA, `/console/datasets/${other}/versions/1/withdraw`, { reason: '口径错误' }), 303));
    expectOne(viaForm, deptAdminA, 'dept_admin', deptA, 'versions.withdrawn', `dataset:${other}@1`);
  });
});

describe('demand board: a provider transition writes demand.<step>', () => {
  const newData = async () =>
    ((await (await expectStatus(send(t, user, 'POST', '/api/v1/demands', { kind: 'new_data', title: '公共充电桩实时状态', description: '希望开放充电桩的实时空闲状态', wanted_fields: '站点、空闲枪数', purpose: '出行小程序', department: deptA }), 201)).json()) as { id: string }).id;

  it('by API: the provider department writes one row, another department none, the requester creating it none', async () => {
    let id = '';
    expect(await rowsAddedBy(async () => (id = await newData()))).toEqual([]);
    expect(await rowsAddedBy(async () => expectStatus(send(t, publisherB, 'POST', `/api/v1/demands/${id}/plan`, { planned_for: '2099-06-30' }), 403))).toEqual([]);
    const rows = await rowsAddedBy(async () => expectStatus(send(t, publisherA, 'POST', `/api/v1/demands/${id}/plan`, { planned_for: '2099-06-30' }), 200));
    expect(expectOne(rows, publisherA, 'publisher', deptA, 'demand.plan', `demand:${id}`).summary).toBe('submitted -> planned');
  });

  it('by the page form: one row too', async () => {
    const id = await newData();
    const rows = await rowsAddedBy(async () => expectStatus(form(t, publisherA, `/demand/${id}/act`, { action: 'reject', reason: '不属于本部门职责' }), 303));
    expectOne(rows, publisherA, 'publisher', deptA, 'demand.reject', `demand:${id}`);
  });
});

describe('operator CLI and configuration', () => {
  const quiet = { print: () => {} };

  it('user add, user password and grant add each write one row by cli:<os user>, never the password', async () => {
    const added = await rowsAddedBy(() => userAdd(['--email', 'clerk@example.cn', '--password', password, '--role', 'publisher', '--department', deptA], { db: t.db, ...quiet }));
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ actor: expect.stringMatching(/^cli:/), action: 'users.created', target: expect.stringMatching(/^user:u_/), summary: 'role: publisher' });
    const reset = await rowsAddedBy(() => userPassword(['--email', 'clerk@example.cn', '--password', 'another fine passphrase'], { db: t.db, ...quiet }));
    expect(reset.map((r) => [r.action, r.target])).toEqual([['users.password_set', added[0]!.target]]);
    expect(JSON.stringify([...added, ...reset])).not.toMatch(/horse|passphrase/);
    const granted = await rowsAddedBy(() => grantAdd(['--dataset', 'tax-service-halls', '--email', user.email], { db: t.db, ...quiet }));
    expect(granted).toHaveLength(1);
    expect(granted[0]).toMatchObject({ actor: expect.stringMatching(/^cli:/), action: 'grants.created', target: expect.stringMatching(/^grant:/) });
  });

  it('the assessment weights file is recorded when its hash changes between loads, with old and new hash', async () => {
    const file = path.join(t.dataDir, 'assessment.json');
    const write = (weights: Record<string, number>) => fs.writeFileSync(file, JSON.stringify({ weights }));
    write({ datasets: 8 });
    const first = await rowsAddedBy(() => loadAuditedAssessmentConfig(t.db, file));
    const h1 = sha256Hex(fs.readFileSync(file, 'utf8'));
    expect(first.map((r) => [r.actor, r.action, r.summary])).toEqual([['system', 'assessment.weights_changed', `none -> ${h1}`]]);
    expect(await rowsAddedBy(() => loadAuditedAssessmentConfig(t.db, file))).toEqual([]);
    write({ datasets: 9 });
    const h2 = sha256Hex(fs.readFileSync(file, 'utf8'));
    const changed = await rowsAddedBy(() => loadAuditedAssessmentConfig(t.db, file));
    expect(changed.map((r) => r.summary)).toEqual([`${h1} -> ${h2}`]);
  });
});

describe('sign-in with a second factor (KAIFANG_REQUIRE_2FA=privileged)', () => {
  let t2: TestApp;
  beforeAll(async () => {
    t2 = await createTestApp({ datasets: [], env: { KAIFANG_REQUIRE_2FA: 'privileged' } });
  });
  afterAll(() => t2.close());

  const cookieOf = (res: Response, name: string) => res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`) && !c.startsWith(`${name}=;`))?.split(';')[0] ?? '';
  const post = (url: string, body: unknown, cookie = '') =>
    t2.app.request(url, { method: 'POST', headers: { 'content-type': 'application/json', origin: 'http://localhost', cookie }, body: JSON.stringify(body) });
  const since = async (id: number) => await queryRows<AuditRow>(t2.db, 'SELECT actor, actor_role, actor_department_id, action, target, summary, request_id, client_hash FROM audit_events WHERE id > ? ORDER BY id', id);
  const lastId = async () => Number((await queryValue(t2.db, 'SELECT COALESCE(MAX(id), 0) FROM audit_events')) ?? 0);

  it('the password alone writes no auth.sign_in; the second factor that starts the session writes exactly one', async () => {
    const pub = await person(t2, 'publisher', deptA);
    const from = await lastId();
    const first = await post('/api/v1/auth/login', { email: pub.email, password });
    expect(first.status).toBe(202);
    expect((await since(from)).filter((r) => r.action === 'auth.sign_in')).toEqual([]);
    const challenge = cookieOf(first, 'kf_2fa');
    const page = await (await t2.app.request('/en/signin/2fa', { headers: { cookie: challenge } })).text();
    const secret = /id="totp-secret"[^>]*>([A-Z2-7]+)</.exec(page)![1]!;
    const code = generateHOTP(decodeBase32(secret), BigInt(Math.floor(t2.deps.now().getTime() / 30_000)), 6);
    expect((await post('/api/v1/auth/2fa/confirm', { code }, challenge)).status).toBe(200);
    const rows = await since(from);
    expectOne(rows.filter((r) => r.action === 'auth.sign_in'), pub, 'publisher', deptA, 'auth.sign_in', `user:${pub.id}`);
  });
});
