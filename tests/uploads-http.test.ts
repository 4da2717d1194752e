// Issue 11, items 9 and 10: refused uploads reach the client as their 4xx, and a chunked upload stops at the
// limit. Real HTTP against the portal's own server (src/lib/http-server.ts), with KAIFANG_UPLOAD_LIMIT_MB=5.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';
import { multipartUpload, startPortalServer, writeAllThenRead, type TestServer } from './http-server.helpers.js';
import { createUser } from '../src/auth/auth.service.js';
import { createSession } from '../src/auth/auth.session.js';
import { createDataset } from '../src/catalog/catalog.write.js';
import { companyDataset, writeCompanyCsv } from '../src/versions/publish/publish.fixtures.js';
import { queryValue, queryValues } from './support/db-query.js';

const limitMb = 5;
const datasetId = 'uploads-http-companies';
let t: Awaited<ReturnType<typeof createTestApp>>;
let server: TestServer;
const cookies: Record<'own' | 'other', string> = { own: '', other: '' };

beforeAll(async () => {
  t = await createTestApp({ datasets: [], env: { KAIFANG_UPLOAD_LIMIT_MB: String(limitMb) } });
  const [own, other] = (await queryValues(t.db, 'SELECT id FROM departments ORDER BY position LIMIT 2')) as string[];
  const theme = (await queryValue(t.db, 'SELECT id FROM themes LIMIT 1')) as string;
  await createDataset(t.deps, { id: 'setup', role: 'admin', departmentId: null }, companyDataset(datasetId, own!, theme));
  for (const [name, department] of [['own', own], ['other', other]] as const) {
    const user = await createUser(t.db, { email: `${name}@example.cn`, password: 'correct horse battery', role: 'publisher', departmentId: department! }, new Date());
    cookies[name] = `kf_session=${(await createSession(t.db, user.id, new Date())).token}`;
  }
  server = await startPortalServer(t);
});
afterAll(async () => {
  await server.close();
  await t.close();
});

const uploadPath = `/api/v1/datasets/${datasetId}/versions`;

describe('a refused upload reaches a client that writes the whole body before reading', () => {
  const cases = [
    { name: 'signed out', status: 401, cookie: '', bytes: 4.5e6, type: null },
    { name: 'a publisher of another department', status: 403, cookie: 'other', bytes: 4.5e6, type: null },
    { name: 'not multipart', status: 415, cookie: 'own', bytes: 4.5e6, type: 'text/csv' },
    { name: 'over the limit (declared)', status: 413, cookie: 'own', bytes: 6e6, type: null },
  ] as const;
  for (const c of cases) {
    it(`${c.status}: ${c.name}`, async () => {
      const upload = multipartUpload(c.bytes);
      const cookie = c.cookie ? `Cookie: ${cookies[c.cookie]}\r\n` : '';
      const head = `POST ${uploadPath} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: close\r\nOrigin: ${server.base}\r\n${cookie}Content-Type: ${c.type ?? upload.contentType}\r\nContent-Length: ${upload.body.length}\r\n\r\n`;
      // Three writes, as a client sends a file in pieces; the server answers before the body is complete.
      const third = Math.floor(upload.body.length / 3);
      const res = await writeAllThenRead(server.port, head, [upload.body.subarray(0, third), upload.body.subarray(third, 2 * third), upload.body.subarray(2 * third)]);
      expect({ writeError: res.writeError, readError: res.readError, status: res.status }).toEqual({ writeError: null, readError: null, status: c.status });
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(JSON.parse(res.body)).toMatchObject({ status: c.status, request_id: res.headers['x-request-id'] });
    });
  }

  it('the connection stays usable after a refused body was drained (keep-alive)', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const post = () => new Promise<{ status: number; socket: unknown }>((resolve, reject) => {
      const upload = multipartUpload(1e6);
      const req = http.request({ host: '127.0.0.1', port: server.port, path: uploadPath, method: 'POST', agent, headers: { 'Content-Type': upload.contentType, Origin: server.base, 'Content-Length': upload.body.length } }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode!, socket: req.socket }));
      });
      req.on('error', reject);
      req.end(upload.body);
    });
    const first = await post();
    const second = await post();
    expect([first.status, second.status]).toEqual([401, 401]);
    expect(second.socket).toBe(first.socket);
    agent.destroy();
  });
});

describe('an upload without Content-Length (chunked) is counted as it arrives', () => {
  it('is refused with 413 when it passes the limit, not read to its end', async () => {
    const total = 40 * 1048576;
    const upload = multipartUpload(total);
    const result = await new Promise<{ status: number; body: string; sent: number }>((resolve, reject) => {
      let sent = 0;
      let answered = false;
      const req = http.request({ host: '127.0.0.1', port: server.port, path: uploadPath, method: 'POST', headers: { 'Content-Type': upload.contentType, Origin: server.base, Cookie: cookies.own } }, (res) => {
        answered = true;
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode!, body, sent }));
      });
      req.on('error', (err) => (answered ? undefined : reject(err)));
      const piece = 256 * 1024;
      const writeMore = () => {
        while (!answered && sent < upload.body.length) {
          const chunk = upload.body.subarray(sent, sent + piece);
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', writeMore);
        }
        if (!answered) req.end();
      };
      writeMore();
    });
    expect(result.status).toBe(413);
    expect(JSON.parse(result.body)).toMatchObject({ status: 413, code: 'upload_too_large' });
    // The answer came while most of the 40 MB was still unsent (socket buffers hold a few MB).
    expect(result.sent).toBeLessThan(3 * limitMb * 1048576);
    expect((await queryValue(t.db, 'SELECT COUNT(*) FROM versions v JOIN datasets d ON d.pk = v.dataset_pk WHERE d.id = ?', datasetId))).toBe(0);
  }, 30_000);

  it('an upload under the limit is still published', async () => {
    const csv = path.join(t.dataDir, 'companies.csv');
    writeCompanyCsv(csv, 12_000);
    const upload = multipartUpload(fs.readFileSync(csv));
    expect(upload.body.length).toBeGreaterThan(1.5e6);
    const res = await fetch(`${server.base}${uploadPath}`, { method: 'POST', body: new Uint8Array(upload.body), headers: { 'Content-Type': upload.contentType, Origin: server.base, Cookie: cookies.own } });
    const body = await res.json();
    expect(res.status, JSON.stringify(body)).toBe(201);
    expect(body.n).toBe(1);
  }, 60_000);
});
