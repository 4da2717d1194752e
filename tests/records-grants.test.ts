// A grant that shows some fields of a conditional dataset (grant add --fields component_id,kind)
// must never let the holder reach the others: not through q=, filters, sort or fields=.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';
import { createKey, developer, json } from './records.helpers.js';
import { whenIndexed } from './search-index.helpers.js';
import { grantAdd } from '../scripts/cli/grant.js';
import { userAdd } from '../scripts/cli/user.js';
import { loadCatalog } from '../datasets/index.js';
import { rowsTableName } from '../src/versions/rows/rows-table.js';
import { queryValue } from './support/db-query.js';
import { instr } from './support/pg-test-database.js';

const dataset = loadCatalog().datasets.find((d) => d.id === 'city-components')!;
const url = `/api/v1/datasets/${dataset.id}/versions/1/records`;

let t: Awaited<ReturnType<typeof createTestApp>>;
let holder: Record<string, string>;
let owner: Record<string, string>;
let table: string;

beforeAll(async () => {
  t = await createTestApp({ datasets: [dataset.id] });
  const dev = await developer(t.app, 'holder@example.com');
  holder = dev.headers;
  await grantAdd(['--dataset', dataset.id, '--key-prefix', dev.key.prefix, '--fields', 'component_id,kind'], { db: t.db, print: () => {} });
  await userAdd(['--email', 'staff@example.com', '--password', 'staff-password-1', '--role', 'publisher', '--department', dataset.department], { db: t.db, print: () => {} });
  const login = await t.app.request('/api/v1/auth/login', json({ email: 'staff@example.com', password: 'staff-password-1' }));
  owner = { authorization: `Bearer ${(await createKey(t.app, login.headers.get('set-cookie')!.split(';')[0]!)).secret}` };
  const pk = (await queryValue(t.db, 'SELECT pk FROM datasets WHERE id = ?', dataset.id)) as number;
  table = rowsTableName(pk, 1);
});
afterAll(() => t.close());

type Page = { total: number; data: Record<string, unknown>[] };
type Problem = { status: number; code: string; detail: string };
const search = async (headers: Record<string, string>, q: string) =>
  (await (await whenIndexed(() => t.app.request(`${url}?q=${encodeURIComponent(q)}&limit=1000`, { headers }))).json()) as Page;
const count = async (where: string, ...params: unknown[]) => (await queryValue(t.db, `SELECT COUNT(*) FROM "${table}" WHERE ${where}`, ...params)) as number;

describe('a field-limited grant', () => {
  it('sees only its fields', async () => {
    const page = (await (await t.app.request(`${url}?limit=3`, { headers: holder })).json()) as Page;
    expect(Object.keys(page.data[0]!).sort()).toEqual(['component_id', 'kind']);
  });

  it('q= does not find rows by the value of a hidden field, and its totals are not the owner’s', async () => {
    // 和县 is a district: hidden from the holder. The owner searches first, so a cached total would show.
    const ownerTotal = (await search(owner, '和县')).total;
    const texts = dataset.fields.filter((f) => f.type === 'string').map((f) => `${instr}(coalesce(${f.name}, ''), '和县') > 0`);
    expect(ownerTotal).toBe(await count(texts.join(' OR ')));
    expect(ownerTotal).toBeGreaterThan(0);
    const held = await search(holder, '和县');
    expect(held.total).toBe(await count(`${instr}(component_id, '和县') > 0 OR ${instr}(kind, '和县') > 0`));
    expect(held.total).not.toBe(ownerTotal);

    // A hidden owner's name (a unit that owns components) finds nothing for the holder.
    const ownerName = (await queryValue(t.db, `SELECT owner FROM "${table}" WHERE owner IS NOT NULL LIMIT 1`)) as string;
    expect(await count(`${instr}(kind, ?) > 0 OR ${instr}(component_id, ?) > 0`, ownerName, ownerName)).toBe(0);
    expect((await search(owner, ownerName)).total).toBeGreaterThan(0);
    expect((await search(holder, ownerName)).total).toBe(0);

    // What the grant shows is still searchable.
    const kind = (await queryValue(t.db, `SELECT kind FROM "${table}" WHERE kind IS NOT NULL LIMIT 1`)) as string;
    const byKind = await search(holder, kind);
    expect(byKind.total).toBe(await count(`${instr}(kind, ?) > 0 OR ${instr}(component_id, ?) > 0`, kind, kind));
    expect(byKind.data.every((r) => Object.keys(r).sort().join() === 'component_id,kind')).toBe(true);
  });

  it.each([
    ['district=和县', 'district'],
    ['district__contains=和', 'district'],
    ['owner__isnull=false', 'owner'],
    ['sort=district', 'district'],
    ['sort=kind,-survey_date', 'survey_date'],
    ['fields=component_id,road', 'road'],
  ])('%s is 403 field_not_granted', async (query, field) => {
    const res = await t.app.request(`${url}?${query}`, { headers: holder });
    expect(res.status).toBe(403);
    const body = (await res.json()) as Problem;
    expect(body.code).toBe('field_not_granted');
    expect(body.detail).toContain(`'${field}'`);
    // The owner may.
    expect((await t.app.request(`${url}?${query}`, { headers: owner })).status).toBe(200);
  });

  it('a field that does not exist stays 400 unknown_field', async () => {
    for (const query of ['nope=1', 'sort=nope', 'fields=nope']) {
      const res = await t.app.request(`${url}?${query}`, { headers: holder });
      expect(res.status).toBe(400);
      expect(((await res.json()) as Problem).code).toBe('unknown_field');
    }
  });
});
