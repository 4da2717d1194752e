import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';
import { createUser } from '../src/auth/auth.service.js';
import { createSession } from '../src/auth/auth.session.js';
import { createDataset } from '../src/catalog/catalog.write.js';
import type { FieldSpec } from '../src/lib/field-spec.js';
import { rowsTableName, type Row } from '../src/versions/rows/rows-table.js';
import { writeWholeRowsTable, dropRowsTable } from '../src/versions/rows/rows-table.sql.js';
import { profileRowsTable, startQualityBackfill, versionQuality, type FieldQuality } from '../src/versions/index.js';
import { profileRows } from '../src/versions/quality-rows.js';
import { seededVersions } from './downloads-fixtures.js';
import { queryRun, queryValue } from './support/db-query.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let cookie = '';
const admin = { id: 'setup', role: 'admin', departmentId: null };

const f = (name: string, type: FieldSpec['type'], extra: Partial<FieldSpec> = {}): FieldSpec => ({ name, label_zh: `字段${name}`, type, required: false, primary_key: false, ...extra });
const fields: FieldSpec[] = [
  f('id', 'integer', { primary_key: true, required: true }),
  f('kind', 'string', { enum: ['甲', '乙'] }),
  f('amount', 'number', { minimum: 0, maximum: 100 }),
  f('day', 'date'),
  f('at', 'datetime'),
  f('note', 'string'),
];
// 6 rows: kind empty twice; amount -5 and 250 outside 0..100 (and one empty); two future days, one future datetime; note empty once.
const csv = [
  'id,kind,amount,day,at,note',
  '1,甲,10,2024-01-01,2024-01-01 08:00:00,好',
  '2,乙,-5,2099-01-01,2024-02-01 08:00:00,',
  '3,,250,2098-05-06,2099-12-31 23:00:00,好',
  '4,甲,,2023-12-31,,差',
  '5,,50,,2024-03-01 08:00:00,好',
  '6,乙,100,2024-06-30,2024-03-01 08:00:00,好',
].join('\r\n');

const byName = (fs: FieldQuality[], name: string) => fs.find((x) => x.name === name)!;

async function publishCsv(id: string, body: string) {
  const form = new FormData();
  form.set('change_note', '质量测试');
  form.set('file', new Blob([body], { type: 'text/csv' }), 'rows.csv');
  return await t.app.request(`/api/v1/datasets/${id}/versions`, { method: 'POST', body: form, headers: { Origin: 'http://localhost', Cookie: cookie } });
}

beforeAll(async () => {
  t = await createTestApp();
  const dept = (await queryValue(t.db, 'SELECT id FROM departments ORDER BY position LIMIT 1')) as string;
  const theme = (await queryValue(t.db, 'SELECT id FROM themes LIMIT 1')) as string;
  const u = await createUser(t.db, { email: 'quality@example.cn', password: 'correct horse battery', role: 'publisher', departmentId: dept }, new Date());
  cookie = `kf_session=${(await createSession(t.db, u.id, new Date())).token}`;
  await createDataset(t.deps, admin, {
    id: 'quality-demo', code: 'quality-demo-code', title_zh: '质量测试数据', title_en: 'Quality test data', summary_zh: '测试', summary_en: 'Test',
    department: dept, theme, open_type: 'open', share_type: '无条件共享', update_frequency: 'monthly', license: 'CC-BY-4.0',
    keywords: ['测试'], keywords_en: ['test'], spatial: '马鞍山市', industry: null, related_codes: [], fields,
  });
});
afterAll(() => t.close());

describe('data-quality profile of a published version', () => {
  it('is computed and stored right after the publish answers (before anyone asks for it), with the exact findings', async () => {
    const res = await publishCsv('quality-demo', csv);
    expect(res.status, await res.clone().text()).toBe(201);
    await t.deps.workers.background.settled(); // the publish's follow-up, started by the publish itself
    const pk = (await queryValue(t.db, "SELECT pk FROM datasets WHERE id = 'quality-demo'")) as number;
    const profile = await versionQuality(t.db, pk, 1); // the store, not the endpoint: nothing computed it on request
    expect(profile).not.toBeNull();
    expect(profile!.rowCount).toBe(6);
    const q = profile!.fields;
    expect(byName(q, 'id')).toMatchObject({ empty: 0, distinct: 6, min: 1, max: 6 });
    expect(byName(q, 'kind')).toMatchObject({ empty: 2, distinct: 2, outsideEnum: { count: 0, examples: [] } });
    expect(byName(q, 'kind').emptyShare).toBeCloseTo(2 / 6);
    expect(byName(q, 'amount')).toMatchObject({ empty: 1, distinct: 5, min: -5, max: 250, outsideRange: { count: 2, examples: ['-5', '250'] } });
    expect(byName(q, 'day')).toMatchObject({ empty: 1, distinct: 5, min: '2023-12-31', max: '2099-01-01', futureDates: { count: 2, examples: ['2098-05-06', '2099-01-01'] } });
    expect(byName(q, 'at')).toMatchObject({ empty: 1, distinct: 4, futureDates: { count: 1, examples: ['2099-12-31T15:00:00Z'] } });
    expect(byName(q, 'note')).toMatchObject({ empty: 1, distinct: 2 });
    expect(byName(q, 'note')).not.toHaveProperty('min');
    expect(byName(q, 'note')).not.toHaveProperty('outsideEnum');
  });

  it('is served by GET /api/v1/datasets/{id}/versions/{n}/quality, and 404 for a version that does not exist', async () => {
    const res = await t.app.request('/api/v1/datasets/quality-demo/versions/1/quality');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ dataset: 'quality-demo', n: 1, row_count: 6 });
    const field = (name: string) => body.fields.find((x: { name: string }) => x.name === name);
    expect(field('amount')).toMatchObject({ empty: 1, distinct: 5, distinct_capped: false, min: -5, max: 250, outside_range: { count: 2, examples: ['-5', '250'] } });
    expect(field('day').future_dates).toEqual({ count: 2, examples: ['2098-05-06', '2099-01-01'] });
    expect(field('kind').empty_share).toBeCloseTo(2 / 6);
    expect((await t.app.request('/api/v1/datasets/quality-demo/versions/9/quality')).status).toBe(404);
    expect((await t.app.request('/api/v1/datasets/no-such-dataset/versions/1/quality')).status).toBe(404);
  });

  it('counts values outside a declared enum (rows the publish did not validate: seeded, or checked against a changed declaration)', async () => {
    const schema = [f('id', 'integer', { primary_key: true, required: true }), f('status', 'string', { enum: ['有效', '注销'] })];
    const rows: Row[] = [{ id: 1, status: '有效' }, { id: 2, status: '吊销' }, { id: 3, status: null }, { id: 4, status: "O'Brien" }, { id: 5, status: '吊销' }, { id: 6, status: '' }];
    await writeWholeRowsTable(t.db, 'quality_enum_check', schema, rows);
    try {
      const sql = await profileRowsTable(t.db, 'quality_enum_check', schema, '2026-01-01T00:00:00Z');
      expect(byName(sql.fields, 'status')).toMatchObject({ empty: 2, distinct: 3, outsideEnum: { count: 3, examples: ["O'Brien", '吊销'] } });
      expect(profileRows(rows, schema, '2026-01-01T00:00:00Z')).toEqual(sql);
    } finally {
      await dropRowsTable(t.db, 'quality_enum_check');
    }
  });
});

describe('seeded versions and versions from before profiles', () => {
  it('gives every seeded version the profile its rows table has in SQL', async () => {
    const versions = await seededVersions(t);
    expect(versions.length).toBeGreaterThan(5);
    for (const v of versions.filter((x) => x.datasetId !== 'quality-demo')) {
      const stored = await versionQuality(t.db, v.pk, v.n);
      expect(stored, `${v.datasetId} v${v.n}`).not.toBeNull();
      expect(await profileRowsTable(t.db, rowsTableName(v.pk, v.n), v.schema, stored!.computedAt), `${v.datasetId} v${v.n}`).toEqual(stored);
    }
  });

  it('answers 503 quality_not_computed while a version has none, and the background backfill (a worker) computes it', async () => {
    const [v] = await seededVersions(t);
    await queryRun(t.db, 'DELETE FROM version_quality WHERE dataset_pk = ? AND n = ?', v!.pk, v!.n);
    const res = await t.app.request(`/api/v1/datasets/${v!.datasetId}/versions/${v!.n}/quality`);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('60');
    expect((await res.json()).code).toBe('quality_not_computed');
    expect(await startQualityBackfill(t.deps).done).toBe(1);
    expect((await t.app.request(`/api/v1/datasets/${v!.datasetId}/versions/${v!.n}/quality`)).status).toBe(200);
  });

  it('shows no example values of a conditional dataset in the API', async () => {
    const v = (await seededVersions(t)).find((x) => x.openType === 'conditional');
    expect(v).toBeDefined();
    const body = await (await t.app.request(`/api/v1/datasets/${v!.datasetId}/versions/${v!.n}/quality`)).json();
    const findings = body.fields.flatMap((x: Record<string, { examples: string[] } | undefined>) => [x.outside_enum, x.outside_range, x.future_dates].filter(Boolean));
    for (const finding of findings) expect(finding.examples).toEqual([]);
  });
});

describe('数据质量 on the dataset page', () => {
  it('shows the latest version\'s profile as a table, with the findings as warnings in words, in both languages', async () => {
    const zh = await (await t.app.request('/datasets/quality-demo')).text();
    const section = zh.slice(zh.indexOf('<section id="quality"'), zh.indexOf('</section>', zh.indexOf('<section id="quality"')));
    expect(section).toContain('<h2 id="quality-title">数据质量</h2>');
    expect(section).toContain('<caption id="quality-caption">第 1 版各字段的数据质量</caption>');
    expect(section).toContain('<th scope="col" class="num">空值率</th>');
    expect(section).toContain('<th scope="col">未来日期</th>');
    expect(section).toMatch(/<tr data-field="amount"><th scope="row"><code>amount<\/code><\/th><td class="num">16\.7% \(1\)<\/td>/);
    expect(section).toContain('<strong>警告</strong>：2 行 (例 -5、250)');
    expect(section).toContain('<strong>警告</strong>：2 行 (例 2098-05-06、2099-01-01)');
    expect(section).toContain('发现 3 项问题');
    const en = await (await t.app.request('/en/datasets/quality-demo')).text();
    expect(en).toContain('<h2 id="quality-title">Data quality</h2>');
    expect(en).toContain('<strong>Warning</strong>: 2 rows (e.g. -5, 250)');
  });
});
