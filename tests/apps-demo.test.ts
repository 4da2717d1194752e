// Demo apps (issue 17): seeded with the demo usage so the showcase is not empty on a first start, marked is_demo.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';
import { get, ok, person, type TestApp } from './demand.helpers.js';
import { moderationQueue, seedDemoApps } from '../src/apps/index.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ datasets: ['bus-routes', 'bus-stops', 'public-toilets', 'hotline-12345-stats'] });
});
afterAll(() => t.close());

describe('demo apps', () => {
  it('are approved apps naming real datasets, with drawn screenshots, plus one waiting for moderation; seeded once', async () => {
    expect(await seedDemoApps(t.db, t.deps.files)).toBe(3); // the others name datasets this catalog slice lacks
    const list = await ok(get(t, null, '/api/v1/apps'));
    expect(list.data.map((a: { name_zh: string }) => a.name_zh)).toEqual(['12345 热线诉求热点分析（研究报告）', '马上到公交实时查询小程序']);
    const bus = list.data[1];
    expect(bus).toMatchObject({ is_demo: true, kind: 'mini_program', department_ids: ['transport'] });
    expect(bus.datasets.map((d: { id: string }) => d.id)).toEqual(['bus-routes', 'bus-stops']);
    const shot = await get(t, null, bus.screenshots[0].url);
    expect(shot.status).toBe(200);
    expect((await sharp(Buffer.from(await shot.arrayBuffer())).metadata()).format).toBe('webp');
    const admin = await person(t, 'admin', null);
    const queue = await moderationQueue(t.deps, { id: admin.id, email: admin.email, name: 'admin', role: 'admin', departmentId: null });
    expect(queue.map((a) => a.name_zh)).toEqual(['城市如厕地图']);
    expect(await seedDemoApps(t.db, t.deps.files)).toBe(0);
  });
});
