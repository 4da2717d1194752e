import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';
import { createUser } from '../src/auth/auth.service.js';
import { createSession } from '../src/auth/auth.session.js';
import { createDataset } from '../src/catalog/catalog.write.js';
import { companyDataset, writeCompanyCsv } from '../src/versions/publish/publish.fixtures.js';
import { queryValue } from './support/db-query.js';

// Upload errors in the publisher's language (issue 16): every problem of a refused publish has a code and reads in
// Chinese or English (Accept-Language for the API, the page's language in the console), and a duplicate primary key
// is reported in the same 422 as the file's other problems.

const datasetId = 'messages-companies';
let t: Awaited<ReturnType<typeof createTestApp>>;
let cookie = '';
let badCsv = '';

beforeAll(async () => {
  t = await createTestApp({ datasets: [] });
  const department = (await queryValue(t.db, 'SELECT id FROM departments ORDER BY position LIMIT 1')) as string;
  const theme = (await queryValue(t.db, 'SELECT id FROM themes LIMIT 1')) as string;
  await createDataset(t.deps, { id: 'setup', role: 'admin', departmentId: null }, companyDataset(datasetId, department, theme));
  const user = await createUser(t.db, { email: 'pub@example.cn', password: 'correct horse battery', role: 'publisher', departmentId: department }, new Date());
  cookie = `kf_session=${(await createSession(t.db, user.id, new Date())).token}`;
  const good = path.join(t.dataDir, 'good.csv');
  writeCompanyCsv(good, 8);
  // Line 3 (id 2): 从业人数 is 12.5, not a whole number. Line 7 (id 6): takes id 2 again, a duplicate key.
  const lines = fs.readFileSync(good, 'utf8').split('\r\n');
  const staff = lines[0]!.split(',').indexOf('staff');
  const row2 = lines[2]!.split(',');
  row2[staff] = '12.5';
  lines[2] = row2.join(',');
  lines[6] = lines[6]!.replace(/^6,/, '2,');
  badCsv = lines.join('\r\n');
});
afterAll(() => t.close());

const upload = () => {
  const f = new FormData();
  f.set('change_note', '月度更新');
  f.set('file', new Blob([badCsv], { type: 'text/csv' }), 'companies.csv');
  return f;
};
const post = (url: string, headers: Record<string, string> = {}) =>
  t.app.request(url, { method: 'POST', body: upload(), headers: { Origin: 'http://localhost', Cookie: cookie, ...headers } });

type Problem = { code: string; detail: string; errors: { row?: number; column?: string; code?: string; params?: Record<string, unknown>; message: string }[] };

describe('a publish with a bad whole number and a duplicate primary key', () => {
  it('reports both in one 422, with codes, worded in Chinese for Accept-Language zh', async () => {
    const res = await post(`/api/v1/datasets/${datasetId}/versions`, { 'Accept-Language': 'zh-CN,zh;q=0.9,en;q=0.5' });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-language')).toBe('zh-CN');
    const body = (await res.json()) as Problem;
    expect(body.code).toBe('validation_failed');
    expect(body.detail).toBe('文件中有 2 处问题，未发布任何内容。');
    expect(body.errors).toEqual([
      expect.objectContaining({ row: 3, column: 'staff', code: 'not_integer', message: '从业人数（staff）不是整数' }),
      expect.objectContaining({ row: 3, column: 'id', code: 'duplicate_key', params: { rows: '3, 7', key: '2' }, message: '主键重复：第 3, 7 行的值都是 2' }),
    ]);
    expect(await queryValue(t.db, 'SELECT latest_version FROM datasets WHERE id = ?', datasetId)).toBeNull();
  });

  it('words them in English for Accept-Language en, and when none is given', async () => {
    for (const headers of [{ 'Accept-Language': 'en-GB,en;q=0.8,zh;q=0.5' }, {}] as Record<string, string>[]) {
      const res = await post(`/api/v1/datasets/${datasetId}/versions`, headers);
      expect(res.status).toBe(422);
      const body = (await res.json()) as Problem;
      expect(body.detail).toBe('2 problem(s) in the file; nothing was published.');
      expect(body.errors.map((e) => [e.code, e.message])).toEqual([
        ['not_integer', 'staff is not a whole number'],
        ['duplicate_key', 'duplicate primary key: rows 3, 7 share 2'],
      ]);
    }
  });

  it('shows both in the console in the page language: Chinese, and English under /en', async () => {
    const zh = await post(`/console/datasets/${datasetId}/publish`);
    expect(zh.status).toBe(422);
    const zhHtml = await zh.text();
    expect(zhHtml).toContain('从业人数（staff）不是整数');
    expect(zhHtml).toContain('主键重复：第 3, 7 行的值都是 2');
    expect(zhHtml).not.toContain('is not a whole number');

    const en = await post(`/en/console/datasets/${datasetId}/publish`);
    expect(en.status).toBe(422);
    const enHtml = await en.text();
    expect(enHtml).toContain('staff is not a whole number');
    expect(enHtml).toContain('duplicate primary key: rows 3, 7 share 2');
    expect(enHtml).not.toContain('不是整数');
  });
});
