import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('catalog answers stay fresh when another process changes the catalog', () => {
  it('shows a title changed through a second connection (as a CLI publish would) on the next request', async () => {
    const id = t.catalog.datasets[0]!.id;
    const before = await (await t.app.request(`/api/v1/datasets/${id}`)).json();
    await (await t.app.request('/api/v1/datasets?q=%E6%96%B0%E5%90%8D%E5%AD%97')).json();
    const other = new Database(path.join(t.dataDir, 'kaifang.db'));
    other.prepare("UPDATE datasets SET title_zh = '全新名字' WHERE id = ?").run(id);
    other.close();
    const after = await (await t.app.request(`/api/v1/datasets/${id}`)).json();
    expect(before.title_zh).not.toBe('全新名字');
    expect(after.title_zh).toBe('全新名字');
    const list = await (await t.app.request('/api/v1/datasets?sort=title&limit=1000')).json();
    expect(list.data.find((d: { id: string }) => d.id === id).title_zh).toBe('全新名字');
    expect(fs.existsSync(t.dataDir)).toBe(true);
  });
});
