import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';
import { createUser } from '../src/auth/auth.service.js';
import { createSession } from '../src/auth/auth.session.js';
import { createDataset } from '../src/catalog/catalog.write.js';
import { companyDataset, writeCompanyCsv } from '../src/versions/publish/publish.fixtures.js';
import { publishVersion } from '../src/versions/publish/publish.service.js';
import { queryRun, queryValue, queryValues } from './support/db-query.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let deptA = '';
let deptB = '';
let theme = '';
let goodCsv = '';
const cookies: Record<string, string> = {};
const admin = { id: 'setup', role: 'admin', departmentId: null };
const day = 86_400_000;
const t0 = new Date('2026-11-20T02:00:00Z');

beforeAll(async () => {
  t = await createTestApp();
  const depts = (await queryValues(t.db, 'SELECT department_id FROM datasets GROUP BY department_id ORDER BY department_id')) as string[];
  [deptA = '', deptB = ''] = depts;
  theme = (await queryValue(t.db, 'SELECT id FROM themes LIMIT 1')) as string;
  for (const [name, role, dept] of [['pubA', 'publisher', deptA], ['pubB', 'publisher', deptB], ['user', 'user', null], ['admin', 'admin', null]] as const) {
    const u = await createUser(t.db, { email: `${name}@example.cn`, password: 'correct horse battery', role, departmentId: dept }, new Date());
    // Created as if later than t0 so the sessions outlive the clock moves below.
    cookies[name] = `kf_session=${(await createSession(t.db, u.id, new Date(t0.getTime() + 20 * day))).token}`;
  }
  goodCsv = path.join(t.dataDir, 'companies.csv');
  writeCompanyCsv(goodCsv, 20);
  // Department A gets a fresh dataset, one published 40 days before t0 and one never published.
  const publishAt = async (id: string, at: Date) => {
    await createDataset(t.deps, admin, companyDataset(id, deptA, theme));
    t.deps.now = () => at;
    await publishVersion(t.deps, { datasetId: id, filePath: goodCsv, changeNote: '初始版本', publishedBy: null });
  };
  await publishAt('co-fresh', new Date(t0.getTime() - day));
  await publishAt('co-stale', new Date(t0.getTime() - 40 * day));
  await createDataset(t.deps, admin, companyDataset('co-never', deptA, theme));
  await publishAt('co-other', t0);
  (await queryRun(t.db, 'UPDATE datasets SET department_id = ? WHERE id = ?', deptB, 'co-other'));
  t.deps.now = () => t0;
});
afterAll(() => t.close());

const get = (url: string, who?: string) => t.app.request(url, { headers: who ? { Cookie: cookies[who]! } : {} });
const post = (url: string, who: string | undefined, body: BodyInit) =>
  t.app.request(url, { method: 'POST', body, headers: { Origin: 'http://localhost', ...(who ? { Cookie: cookies[who]! } : {}) } });
const form = (fields: Record<string, string>) => new URLSearchParams(fields);
const upload = (content: string, note = '月度更新', name = 'companies.csv') => {
  const f = new FormData();
  f.set('change_note', note);
  f.set('file', new Blob([content], { type: 'text/csv' }), name);
  return f;
};
const rowOf = (html: string, id: string) => html.match(new RegExp(`<tr data-dataset="${id}">.*?</tr>`))?.[0] ?? '';
const latest = async (id: string) => (await queryValue(t.db, 'SELECT latest_version FROM datasets WHERE id = ?', id)) as number | null;

describe('console home', () => {
  it("lists exactly my department's datasets, overdue ones badged", async () => {
    const res = await get('/console', 'pubA');
    expect(res.status).toBe(200);
    const html = await res.text();
    const listed = [...html.matchAll(/<tr data-dataset="([^"]+)"/g)].map((m) => m[1]).sort();
    const mine = ((await queryValues(t.db, 'SELECT id FROM datasets WHERE department_id = ? ORDER BY id', deptA)) as string[]).sort();
    expect(listed).toEqual(mine);
    expect(listed).not.toContain('co-other');
    expect(rowOf(html, 'co-fresh')).toContain('badge-ontime');
    expect(rowOf(html, 'co-stale')).toContain('badge-overdue');
    expect(rowOf(html, 'co-never')).toContain('badge-overdue');
    expect(rowOf(html, 'co-fresh')).toContain('2026-11-19 10:00'); // Beijing time of t0 - 1 day
    expect(rowOf(html, 'co-fresh')).toMatch(/<td class="num">20<\/td>/);
    expect(html).toContain('href="/console/datasets/co-fresh/publish"');
    expect(html).toContain('<a href="/console" aria-current="page">部门工作台</a>');
  });

  it('the same dataset becomes overdue once its frequency has passed', async () => {
    t.deps.now = () => new Date(t0.getTime() + 34 * day);
    try {
      expect(rowOf(await (await get('/en/console', 'pubA')).text(), 'co-fresh')).toContain('Overdue');
    } finally {
      t.deps.now = () => t0;
    }
  });

  it('an admin sees every department and can pick one', async () => {
    const all = await (await get('/console', 'admin')).text();
    expect(all).toContain('data-dataset="co-other"');
    expect(all).toContain('<select id="department" name="department">');
    const onlyB = await (await get(`/console?department=${deptB}`, 'admin')).text();
    expect(onlyB).toContain('data-dataset="co-other"');
    expect(onlyB).not.toContain('data-dataset="co-fresh"');
  });
});

describe('who may open the console', () => {
  it('sends anonymous visitors to sign in and back', async () => {
    const res = await get('/console/datasets/co-fresh/publish');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`/signin?next=${encodeURIComponent('/console/datasets/co-fresh/publish')}`);
    expect((await get('/en/console')).headers.get('location')).toBe(`/en/signin?next=${encodeURIComponent('/en/console')}`);
  });

  it("answers 403 to a publisher of another department, and changes nothing", async () => {
    for (const url of ['/console/datasets/co-fresh/publish', '/console/datasets/co-fresh/versions', '/console/datasets/co-fresh/edit']) {
      const res = await get(url, 'pubB');
      expect(res.status, url).toBe(403);
      expect(await res.text()).toContain('无权访问');
    }
    const res = await post('/console/datasets/co-fresh/publish', 'pubB', upload(fs.readFileSync(goodCsv, 'utf8')));
    expect(res.status).toBe(403);
    expect(await latest('co-fresh')).toBe(1);
  });

  it('answers 403 to an account without a publishing role', async () => {
    const res = await get('/console', 'user');
    expect(res.status).toBe(403);
    const html = await res.text();
    expect(html).toContain('无权访问');
    expect(html).not.toContain('>部门工作台</a>'); // no console link in the navigation for this account
  });

  it('refuses a cross-site form post', async () => {
    const res = await t.app.request('/console/datasets/co-fresh/versions/1/withdraw', {
      method: 'POST', body: form({ reason: 'x' }), headers: { Cookie: cookies.pubA!, Origin: 'https://evil.example' },
    });
    expect(res.status).toBe(403);
    expect(await latest('co-fresh')).toBe(1);
  });
});

describe('publishing through the page', () => {
  it('shows the row-level error table for a bad CSV and publishes nothing', async () => {
    const lines = fs.readFileSync(goodCsv, 'utf8').split('\r\n');
    const founded = lines[0]!.split(',').indexOf('founded');
    const cells = lines[3]!.split(','); // the third data row: line 4 of the file
    cells[founded] = '2024-13-45';
    lines[3] = cells.join(',');
    const res = await post('/console/datasets/co-fresh/publish', 'pubA', upload(lines.join('\r\n'), '坏数据'));
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('发现 1 处问题，未发布任何内容。');
    const row = html.match(/<table class="data-table problems-table">.*?<\/table>/)?.[0] ?? '';
    expect(row).toMatch(/<td class="num">4<\/td><td><code>founded<\/code>/);
    expect(row).toContain('2024-13-45');
    expect(html).toContain('>坏数据</textarea>'); // the change note survives
    expect(await latest('co-fresh')).toBe(1);
  });

  it('keeps the form with a field error when the change note is missing', async () => {
    const res = await post('/en/console/datasets/co-fresh/publish', 'pubA', upload(fs.readFileSync(goodCsv, 'utf8'), ''));
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('id="note-error"');
  });

  it('asks for a file when none was chosen', async () => {
    const f = new FormData();
    f.set('change_note', '月度更新');
    f.set('file', new Blob([]), '');
    const res = await post('/console/datasets/co-fresh/publish', 'pubA', f);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('id="file-error">请选择要上传的文件。');
    expect(await latest('co-fresh')).toBe(1);
  });

  it('publishes a good CSV, redirects, and the public page lists the new version', async () => {
    const res = await post('/console/datasets/co-fresh/publish', 'pubA', upload(fs.readFileSync(goodCsv, 'utf8'), '十一月更新'));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/console/datasets/co-fresh/versions?published=2');
    expect(await latest('co-fresh')).toBe(2);
    const done = await (await get(res.headers.get('location')!, 'pubA')).text();
    expect(done).toContain('第 2 版已发布，共 20 条数据。');
    const pub = await (await get('/datasets/co-fresh')).text();
    expect(pub).toMatch(/data-version="2"/);
    expect(pub).toContain('十一月更新');
  });
});

describe('withdrawing through the page', () => {
  it('requires a reason, then withdraws and the previous version becomes latest', async () => {
    const empty = await post('/console/datasets/co-fresh/versions/2/withdraw', 'pubA', form({ reason: '  ' }));
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain('请填写撤回原因。');
    expect(await latest('co-fresh')).toBe(2);

    const res = await post('/console/datasets/co-fresh/versions/2/withdraw', 'pubA', form({ reason: '数据有误' }));
    expect(res.status).toBe(303);
    expect(await latest('co-fresh')).toBe(1);
    const page = await (await get(res.headers.get('location')!, 'pubA')).text();
    expect(page).toContain('第 2 版已撤回。');
    expect(page).toMatch(/<tr data-version="2" class="withdrawn">/);
    expect(page).not.toContain('/versions/2/withdraw');
  });
});

describe('creating a dataset through the form', () => {
  const base = {
    id: 'co-created', code: 'co-created-code', title_zh: '新建企业名录', title_en: 'Created companies', summary_zh: '测试', summary_en: 'Test',
    theme: '', open_type: 'open', update_frequency: 'monthly', keywords: '企业、名录', keywords_en: 'companies', rows: '8',
    f0_name: 'id', f0_label_zh: '编号', f0_type: 'integer', f1_name: 'name', f1_label_zh: '名称', f1_type: 'string', f1_required: 'on',
  };

  it('shows field errors for a schema without a primary key and keeps what was typed', async () => {
    const res = await post('/console/datasets/new', 'pubA', form({ ...base, theme, f2_name: 'Bad Name', f2_label_zh: '坏' }));
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('id="schema-error">需要且只能有一个主键字段（现在有 0 个）');
    expect(html).toContain('id="f2_name-error"');
    expect(html).toContain('value="新建企业名录"');
    expect((await get('/api/v1/datasets/co-created')).status).toBe(404);
  });

  it('adds blank rows without losing input', async () => {
    const html = await (await post('/console/datasets/new', 'pubA', form({ ...base, action: 'add_rows' }))).text();
    expect(html).toContain('name="rows" value="12"');
    expect(html).toContain('id="f11_name"');
    expect(html).toContain('value="编号"');
    expect(await (await get('/console/datasets/new?rows=3', 'pubA')).text()).toContain('name="rows" value="3"');
  });

  it('creates the dataset in my department and goes on to its first upload', async () => {
    const res = await post('/console/datasets/new', 'pubA', form({ ...base, theme, department: deptB, primary_key: '0' }));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/console/datasets/co-created/publish?created=1');
    const created = (await (await get('/api/v1/datasets/co-created')).json()) as { department: { id: string }; fields: { name: string; primary_key: boolean; required: boolean }[] };
    expect(created.department.id).toBe(deptA);
    expect(created.fields.map((f) => [f.name, f.primary_key, f.required])).toEqual([['id', true, true], ['name', false, true]]);
  });
});

describe('editing metadata through the form', () => {
  it('saves changed fields and shows how many', async () => {
    const page = await (await get('/console/datasets/co-stale/edit', 'pubA')).text();
    expect(page).toContain('value="co-stale 企业名录"');
    const res = await post('/console/datasets/co-stale/edit', 'pubA', form({ title_zh: '改名后的名录', title_en: 'co-stale companies', summary_zh: '测试用企业名录', summary_en: 'Companies for tests', theme, open_type: 'open', update_frequency: 'monthly', keywords: '企业', keywords_en: 'company' }));
    expect(res.status).toBe(303);
    expect(await (await get(res.headers.get('location')!, 'pubA')).text()).toContain('已保存 1 项修改。');
    expect((await queryValue(t.db, 'SELECT title_zh FROM datasets WHERE id = ?', 'co-stale'))).toBe('改名后的名录');
  });
});
