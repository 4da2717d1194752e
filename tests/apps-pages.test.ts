// The app showcase's pages (issue 17) work without JavaScript: a multipart form submits, plain forms moderate,
// and only approved apps reach the public list, the dataset pages and the reviewer's drill-down.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';
import { form, get, person, type Person, type TestApp } from './demand.helpers.js';

const halls = 'tax-service-halls'; // taxation
const notaries = 'notary-offices'; // justice

let t: TestApp;
let developer: Person;
let taxPublisher: Person;
let transportPublisher: Person;
let reviewer: Person;
let admin: Person;
let png: Uint8Array;

beforeAll(async () => {
  t = await createTestApp({ datasets: [halls, notaries] });
  developer = await person(t, 'user', null, '开发者小李');
  taxPublisher = await person(t, 'publisher', 'taxation');
  transportPublisher = await person(t, 'publisher', 'transport');
  reviewer = await person(t, 'reviewer', null);
  admin = await person(t, 'admin', null);
  png = new Uint8Array(await sharp({ create: { width: 64, height: 40, channels: 3, background: '#1f6feb' } }).png().toBuffer());
});
afterAll(() => t.close());

const html = async (who: Person | null, url: string, status = 200) => {
  const res = await get(t, who, url);
  expect(res.status, url).toBe(status);
  return res.text();
};

/** The submission form as a browser sends it: multipart, same origin, files under `screenshots`. */
function submitForm(who: Person, fields: Record<string, string>, files: { name: string; type: string; bytes: Uint8Array }[] = [], path = '/apps/new') {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  for (const f of files) body.append('screenshots', new File([f.bytes as BlobPart], f.name, { type: f.type }));
  return t.app.request(path, { method: 'POST', headers: { origin: 'http://localhost', cookie: who.cookie }, body });
}

const fields = { name_zh: '办事地图', name_en: 'Service map', kind: 'web_app', description_zh: '在地图上查找办税厅和公证处。', url: 'https://example.org/map', contact: 'dev@example.org', datasets: `${halls}\n${notaries}` };
let appId = '';

describe('app showcase pages', () => {
  it('sends visitors who are not signed in to sign in before the submission form', async () => {
    const res = await get(t, null, '/apps/new');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/signin?next=${encodeURIComponent('/apps/new')}`);
  });

  it('shows an empty showcase in both languages, and 应用成果 in the main navigation', async () => {
    const zh = await html(null, '/apps');
    expect(zh).toContain('<h1>应用成果</h1>');
    expect(zh).toContain('还没有公开的应用成果');
    expect(zh).toMatch(/<a href="\/apps"[^>]*aria-current="page"[^>]*>应用成果<\/a>/);
    const en = await html(null, '/en/apps');
    expect(en).toContain('<h1>Apps</h1>');
    expect(en).toContain('No apps have been published yet.');
  });

  it('refuses an unknown dataset in the page language, keeping what was typed', async () => {
    const zh = await submitForm(developer, { ...fields, datasets: 'no-such-dataset' });
    expect(zh.status).toBe(422);
    const page = await zh.text();
    expect(page).toContain('找不到填写的数据集');
    expect(page).toContain('value="办事地图"');
    const en = await submitForm(developer, { ...fields, datasets: 'no-such-dataset' }, [], '/en/apps/new');
    expect(await en.text()).toContain('A dataset could not be found');
  });

  it('refuses a file that is not an image', async () => {
    const res = await submitForm(developer, fields, [{ name: 'shot.png', type: 'image/png', bytes: new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>') }]);
    expect(res.status).toBe(415);
    expect(await res.text()).toContain('截图只接受 PNG、JPEG 或 WebP 图片');
  });

  it('takes screenshots larger than a plain form may carry (64 KB), up to the API\'s own limit', async () => {
    const noise = new Uint8Array(300 * 300 * 3).map(() => Math.floor(Math.random() * 256));
    const big = new Uint8Array(await sharp(noise, { raw: { width: 300, height: 300, channels: 3 } }).png().toBuffer());
    expect(big.byteLength).toBeGreaterThan(100 * 1024);
    const res = await submitForm(developer, { ...fields, name_zh: '大截图应用' }, [{ name: 'big.png', type: 'image/png', bytes: big }]);
    expect(res.status, await res.clone().text()).toBe(303);
  });

  it('submits an app naming two datasets with a screenshot; it stays hidden from the public until approved', async () => {
    const res = await submitForm(developer, fields, [{ name: 'shot.png', type: 'image/png', bytes: png }]);
    expect(res.status, await res.clone().text()).toBe(303);
    const location = res.headers.get('location')!;
    expect(location).toMatch(/^\/apps\/app_[\w-]+\?submitted=1$/);
    appId = location.split('/')[2]!.split('?')[0]!;

    const own = await html(developer, location);
    expect(own).toContain('已提交，审核通过后公开');
    expect(own).toContain('data-status="pending"');
    expect(own).toContain('开发者小李'); // the submitter's display name, never the e-mail
    expect(own).not.toContain(developer.email);
    expect(own).toContain('使用证据：声明与实际调用');
    expect(own).toMatch(/<img src="\/api\/v1\/apps\/app_[\w-]+\/screenshots\/\d"[^>]*alt="办事地图的截图 1"/);
    expect(own).toMatch(/<a href="https:\/\/example\.org\/map" rel="noopener noreferrer external"/);
    expect(own).not.toContain('action="/apps/' + appId + '/moderate"'); // the submitter does not review their own app

    await html(null, `/apps/${appId}`, 404);
    expect(await html(null, '/apps')).not.toContain(appId);
    expect(await html(null, `/datasets/${halls}`)).toContain('用于 0 个应用');
  });

  it('lets the department whose data it names review it from the console queue, not another department', async () => {
    expect(await html(transportPublisher, '/console/apps')).toContain('没有待审核的应用');
    await html(transportPublisher, `/apps/${appId}`, 404);
    const queue = await html(taxPublisher, '/console/apps');
    expect(queue).toContain(`data-app="${appId}"`);
    expect(queue).toContain(`action="/apps/${appId}/moderate"`);
    expect(await html(admin, '/en/console/apps')).toContain(`data-app="${appId}"`);

    const noReason = await form(t, taxPublisher, `/apps/${appId}/moderate`, { decision: 'reject', reason: '', back: '/console/apps' });
    expect(noReason.status).toBe(303);
    expect(noReason.headers.get('location')).toMatch(/^\/console\/apps\?error=reason_required/);
    expect(await html(taxPublisher, noReason.headers.get('location')!)).toContain('不予通过时必须填写原因');

    const approved = await form(t, taxPublisher, `/apps/${appId}/moderate`, { decision: 'approve', reason: '', back: '/console/apps' });
    expect(approved.headers.get('location')).toBe('/console/apps?moderated=approved');
    expect(await html(taxPublisher, approved.headers.get('location')!)).toContain('已通过，应用已公开');
  });

  it('shows the approved app to everyone: list with filters, its page, the dataset pages and the drill-down', async () => {
    const list = await html(null, '/apps');
    expect(list).toContain(`data-app="${appId}"`);
    expect(list).toContain('共 1 个应用');
    expect(list).toMatch(/alt="办事地图的截图 1"/);
    expect(list).toContain('网站应用');
    expect(list).toContain(`href="/datasets/${halls}"`);
    expect(await html(null, '/apps?kind=research')).toContain('没有符合条件的应用成果');
    expect(await html(null, '/apps?department=taxation')).toContain(`data-app="${appId}"`);
    expect(await html(null, '/apps?department=transport')).not.toContain(`data-app="${appId}"`);
    expect(await html(null, `/apps?q=${encodeURIComponent('办事')}`)).toContain(`data-app="${appId}"`);
    expect(await html(null, `/apps?q=${encodeURIComponent('天气')}`)).not.toContain(`data-app="${appId}"`);
    expect(await html(null, '/en/apps?kind=web_app')).toContain('Service map');

    const page = await html(null, `/apps/${appId}`);
    expect(page).toContain('<h1>办事地图</h1>');
    expect(page).not.toContain('使用证据'); // evidence is for the submitter and reviewers
    expect(page).not.toContain('dev@example.org');

    const dataset = await html(null, `/datasets/${halls}`);
    expect(dataset).toContain('用于 1 个应用');
    expect(dataset).toContain(`href="/apps/${appId}"`);
    expect(await html(null, `/en/datasets/${notaries}`)).toContain('Used in 1 app');

    const drill = await html(reviewer, '/reviewer/departments/taxation');
    expect(drill).toContain('应用成果');
    expect(drill).toContain('使用本部门数据的已公开应用：1 个');
    expect(drill).toContain(`href="/apps/${appId}"`);
    expect(await html(reviewer, '/en/reviewer/departments/transport')).toContain('data-count="0">No published app uses this department&#39;s data yet.');
  });
});
