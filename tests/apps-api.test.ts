// The app showcase's API (issue 17): screenshots re-encoded (type from the bytes, EXIF gone), moderation rights,
// public only once approved, the submitter notified.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';
import { get, ok, person, send, type Person, type TestApp } from './demand.helpers.js';

const halls = 'tax-service-halls'; // taxation
const notaries = 'notary-offices'; // justice

let t: TestApp;
let citizen: Person;
let tax: Person;
let justice: Person;
let reviewer: Person;
let admin: Person;

beforeAll(async () => {
  t = await createTestApp({ datasets: [halls, notaries] });
  citizen = await person(t, 'user', null, '开发者小李');
  tax = await person(t, 'publisher', 'taxation');
  justice = await person(t, 'publisher', 'justice');
  reviewer = await person(t, 'reviewer', null);
  admin = await person(t, 'admin', null);
});
afterAll(() => t.close());

const fields = { name_zh: '办税地图', name_en: 'Tax office map', kind: 'web_app', description_zh: '查找最近的办税服务厅', url: 'https://example.org/tax', contact: 'li@example.org' };

const png = () => sharp({ create: { width: 64, height: 48, channels: 3, background: '#3366cc' } }).png().toBuffer();
const jpegWithExif = () => sharp({ create: { width: 40, height: 30, channels: 3, background: '#cc3333' } })
  .jpeg().withMetadata({ exif: { IFD0: { Copyright: 'secret-owner-x', Artist: 'someone' } } }).toBuffer();

type Upload = { bytes: Uint8Array | string; name: string; type: string };

function submit(who: Person | null, f: Record<string, string>, datasets: string[], shots: Upload[] = []) {
  const body = new FormData();
  for (const [k, v] of Object.entries(f)) body.append(k, v);
  for (const d of datasets) body.append('datasets', d);
  for (const s of shots) body.append('screenshots', new File([s.bytes as BlobPart], s.name, { type: s.type }));
  const headers: Record<string, string> = { origin: 'http://localhost' };
  if (who) headers.cookie = who.cookie;
  return t.app.request('/api/v1/apps', { method: 'POST', headers, body });
}

const problem = async (res: Response | Promise<Response>, status: number) => ok<{ code: string; detail: string }>(res, status);

describe('submitting an app with screenshots', () => {
  let appId: string;

  it('re-encodes every screenshot: served as WebP, without the EXIF the upload carried', async () => {
    const jpeg = await jpegWithExif();
    expect((await sharp(jpeg).metadata()).exif).toBeDefined();
    const app = await ok(submit(citizen, fields, [halls], [{ bytes: await png(), name: 'a.png', type: 'image/png' }, { bytes: jpeg, name: 'b.jpg', type: 'image/jpeg' }]), 201);
    appId = app.id;
    expect(app).toMatchObject({ status: 'pending', name_zh: '办税地图', kind: 'web_app', department_ids: ['taxation'], datasets: [{ id: halls, department_id: 'taxation' }] });
    expect(app.screenshots).toHaveLength(2);
    expect(app.screenshots[1]).toMatchObject({ width: 40, height: 30, content_type: 'image/webp' });
    const res = await get(t, citizen, app.screenshots[1].url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/webp');
    const served = Buffer.from(await res.arrayBuffer());
    expect(served.equals(jpeg)).toBe(false);
    const meta = await sharp(served).metadata();
    expect(meta.format).toBe('webp');
    expect(meta.exif).toBeUndefined();
    expect(served.includes(Buffer.from('secret-owner-x'))).toBe(false);
  });

  it('refuses an SVG, an HTML page named .png and a GIF with 415 unsupported_image, whatever the name or type says', async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script><rect width="10" height="10"/></svg>';
    expect((await problem(submit(citizen, fields, [halls], [{ bytes: svg, name: 'shot.png', type: 'image/png' }]), 415)).code).toBe('unsupported_image');
    expect((await problem(submit(citizen, fields, [halls], [{ bytes: svg, name: 'shot.svg', type: 'image/svg+xml' }]), 415)).code).toBe('unsupported_image');
    const html = '<!doctype html><html><body><script>document.cookie</script></body></html>';
    expect((await problem(submit(citizen, fields, [halls], [{ bytes: await png(), name: 'ok.png', type: 'image/png' }, { bytes: html, name: 'evil.png', type: 'image/png' }]), 415)).code).toBe('unsupported_image');
    const gif = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } }).gif().toBuffer();
    expect((await problem(submit(citizen, fields, [halls], [{ bytes: gif, name: 'anim.png', type: 'image/png' }]), 415)).code).toBe('unsupported_image');
  });

  it('refuses a screenshot over 2 MB with 413 image_too_large, and a fourth screenshot with 400', async () => {
    const big = new Uint8Array(2.5 * 1024 * 1024);
    big.set(await png());
    expect((await problem(submit(citizen, fields, [halls], [{ bytes: big, name: 'big.png', type: 'image/png' }]), 413)).code).toBe('image_too_large');
    const four = await Promise.all([1, 2, 3, 4].map(async (i) => ({ bytes: await png(), name: `${i}.png`, type: 'image/png' })));
    expect((await problem(submit(citizen, fields, [halls], four), 400)).code).toBe('too_many_screenshots');
    // Nothing refused was stored.
    expect((await ok(get(t, admin, '/api/v1/apps?status=pending'))).total).toBe(1);
  });

  it('is not public while pending: not listed, not readable, its screenshots 404 to others', async () => {
    expect((await ok(get(t, null, '/api/v1/apps'))).data.map((a: { id: string }) => a.id)).not.toContain(appId);
    expect((await get(t, null, `/api/v1/apps/${appId}`)).status).toBe(404);
    expect((await get(t, justice, `/api/v1/apps/${appId}`)).status).toBe(404);
    expect((await get(t, null, `/api/v1/apps/${appId}/screenshots/0`)).status).toBe(404);
    expect((await ok(get(t, citizen, `/api/v1/apps/${appId}`))).status).toBe('pending');
  });

  it('may not be approved by a publisher of another department, nor by a reviewer; its own department approves it and it becomes public', async () => {
    expect((await problem(send(t, justice, 'POST', `/api/v1/apps/${appId}/approve`), 403)).code).toBe('forbidden');
    expect((await problem(send(t, reviewer, 'POST', `/api/v1/apps/${appId}/approve`), 403)).code).toBe('forbidden');
    expect((await problem(send(t, tax, 'POST', '/api/v1/apps/app_nope/approve'), 404)).code).toBe('not_found');
    expect((await problem(send(t, citizen, 'POST', `/api/v1/apps/${appId}/approve`), 403)).code).toBe('forbidden');
    const approved = await ok(send(t, tax, 'POST', `/api/v1/apps/${appId}/approve`));
    expect(approved).toMatchObject({ status: 'approved', decided_by: tax.id, can_moderate: true });
    const list = await ok(get(t, null, `/api/v1/apps?dataset=${halls}`));
    expect(list.data.map((a: { id: string }) => a.id)).toEqual([appId]);
    expect((await ok(get(t, null, `/api/v1/apps/${appId}`))).evidence).toBeNull();
    const shot = await get(t, null, `/api/v1/apps/${appId}/screenshots/0`);
    expect(shot.status).toBe(200);
    expect(shot.headers.get('cache-control')).toMatch(/public, max-age=\d+/);
    // Now public, another department's publisher still cannot undo it.
    expect((await problem(send(t, justice, 'POST', `/api/v1/apps/${appId}/reject`, { reason: '不是我们的数据' }), 403)).code).toBe('forbidden');
  });

  it('tells the submitter, with a link to the app', async () => {
    const inbox = await ok(get(t, citizen, '/api/v1/me/notifications'));
    expect(inbox.data[0]).toMatchObject({ message: expect.stringContaining('办税地图'), url: `/apps/${appId}` });
    expect(inbox.data[0].message).toContain('已通过');
  });
});

describe('rejecting', () => {
  it('needs a reason; the submitter is told it', async () => {
    const app = await ok(send(t, citizen, 'POST', '/api/v1/apps', { ...fields, name_zh: '公证处查询', datasets: [notaries, halls] }), 201);
    expect(app.department_ids).toEqual(['justice', 'taxation']);
    // The justice publisher was told it waits for them.
    expect((await ok(get(t, justice, '/api/v1/me/notifications'))).data[0].message).toContain('公证处查询');
    expect((await problem(send(t, justice, 'POST', `/api/v1/apps/${app.id}/reject`, {}), 400)).code).toBe('invalid_body');
    expect((await problem(send(t, justice, 'POST', `/api/v1/apps/${app.id}/reject`, { reason: '   ' }), 400)).code).toBe('invalid_body');
    const rejected = await ok(send(t, justice, 'POST', `/api/v1/apps/${app.id}/reject`, { reason: '链接无法访问' }));
    expect(rejected).toMatchObject({ status: 'rejected', reject_reason: '链接无法访问' });
    expect((await get(t, null, `/api/v1/apps/${app.id}`)).status).toBe(404);
    expect((await ok(get(t, citizen, '/api/v1/me/notifications'))).data[0].message).toContain('链接无法访问');
  });

  it('needs a sign-in to submit, and known datasets', async () => {
    expect((await problem(send(t, null, 'POST', '/api/v1/apps', { ...fields, datasets: [halls] }), 401)).code).toBe('unauthenticated');
    expect((await problem(send(t, citizen, 'POST', '/api/v1/apps', { ...fields, datasets: ['no-such-dataset'] }), 422)).code).toBe('unknown_dataset');
    expect((await problem(send(t, citizen, 'POST', '/api/v1/apps', { ...fields, kind: 'game', datasets: [halls] }), 400)).code).toBe('invalid_body');
  });
});
