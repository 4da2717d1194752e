import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';
import { createUser } from '../src/auth/auth.service.js';
import { createSession } from '../src/auth/auth.session.js';
import { addGrant } from '../src/keys/grants.service.js';
import { queryRow, queryValue } from './support/db-query.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let url = '';
let pk = 0;
let owner = '';
let other = '';

const cookieFor = async (email: string, departmentId: string | null, role: 'user' | 'publisher' = 'user') => {
  const u = await createUser(t.db, { email, password: 'correct horse battery', role, departmentId }, new Date());
  return { id: u.id, cookie: `kf_session=${(await createSession(t.db, u.id, new Date())).token}` };
};

beforeAll(async () => {
  t = await createTestApp();
  const d = (await queryRow(t.db, "SELECT pk, id, department_id, latest_version FROM datasets WHERE open_type = 'conditional' LIMIT 1")) as { pk: number; id: string; department_id: string; latest_version: number };
  pk = d.pk;
  owner = d.department_id;
  other = (await queryValue(t.db, 'SELECT id FROM departments WHERE id != ? LIMIT 1', owner)) as string;
  url = `/api/v1/datasets/${d.id}/versions/${d.latest_version}/data.csv`;
});
afterAll(() => t.close());

describe('downloading conditional (有条件开放) files', () => {
  it('serves the owning department, privately (no shared cache may keep it)', async () => {
    const { cookie } = await cookieFor('owner@dept.cn', owner, 'publisher');
    const res = await t.app.request(url, { headers: { Cookie: cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('private, max-age=3600');
    expect((await res.text()).split('\r\n').length).toBeGreaterThan(2);
  });

  it('serves a department holding a whole grant, but not one whose grant covers some fields only', async () => {
    const whole = await cookieFor('whole@other.cn', other);
    const partial = await cookieFor('partial@example.cn', null);
    expect((await t.app.request(url, { headers: { Cookie: whole.cookie } })).status).toBe(403);
    await addGrant(t.db, { datasetPk: pk, departmentId: other, fields: null }, new Date());
    await addGrant(t.db, { datasetPk: pk, userId: partial.id, fields: ['x'] }, new Date());
    expect((await t.app.request(url, { headers: { Cookie: whole.cookie } })).status).toBe(200);
    const res = await t.app.request(url, { headers: { Cookie: partial.cookie } });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { detail: string }).detail).toContain('records API');
  });
});
