// Issue 11 item 22: a grant that would already have lapsed is refused, by the CLI and by the service.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';
import { loadCatalog } from '../datasets/index.js';
import { createUser } from '../src/auth/auth.service.js';
import { addGrant } from '../src/keys/grants.service.js';
import { runCli } from './cli.helpers.js';
import { queryValue } from './support/db-query.js';

const conditional = loadCatalog().datasets.find((d) => d.open_type === 'conditional' && d.rows < 3000)!;
let t: Awaited<ReturnType<typeof createTestApp>>;
let userId: string;
let pk: number;

beforeAll(async () => {
  t = await createTestApp({ datasets: [conditional.id] });
  userId = (await createUser(t.db, { email: 'grantee@example.cn', password: 'correct horse battery' }, new Date())).id;
  pk = (await queryValue(t.db, 'SELECT pk FROM datasets WHERE id = ?', conditional.id)) as number;
});
afterAll(() => t.close());

const grantAdd = (expires: string) => runCli(t.dataDir, ['grant', 'add', '--dataset', conditional.id, '--email', 'grantee@example.cn', '--expires', expires]);
const grants = async () => (await queryValue(t.db, 'SELECT COUNT(*) FROM grants WHERE user_id = ?', userId));

it('`grant add --expires <a past date>` is refused with a clear message and a non-zero exit, and writes no grant', async () => {
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  for (const expires of ['2020-01-01', yesterday]) {
    const res = await grantAdd(expires);
    expect(res.code, res.out).not.toBe(0);
    expect(res.out).toContain(`--expires ${expires} is in the past`);
  }
  expect(await grants()).toBe(0);
  const ok = await grantAdd(`${new Date().getUTCFullYear() + 1}-12-31`);
  expect(ok.code, ok.out).toBe(0);
  expect(await grants()).toBe(1);
});

it('the service refuses a lapsed expiry too (a grant that grants nothing is never written)', async () => {
  const now = new Date('2026-06-01T00:00:00Z');
  await expect(addGrant(t.db, { datasetPk: pk, userId, fields: null, expiresAt: '2026-05-31T23:59:59.000Z' }, now)).rejects.toThrow(/not in the future/);
  expect(await grants()).toBe(1);
});
