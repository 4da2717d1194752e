// Issue 11, items 4, 8, 19 and 21, against the portal's real HTTP server (src/lib/http-server.ts) on 127.0.0.1.
import fs from 'node:fs';
import { pbkdf2 } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';
import { parseRawResponse, startPortalServer, writeAllThenRead, type TestServer } from './http-server.helpers.js';
import { seededVersions, type SeededVersion } from './downloads-fixtures.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let server: TestServer;
let open: SeededVersion;

beforeAll(async () => {
  t = await createTestApp();
  server = await startPortalServer(t);
  open = (await seededVersions(t)).find((v) => v.openType === 'open' && v.status === 'published')!;
});
afterAll(async () => {
  await server.close();
  await t.close();
});

/** Sends raw bytes and returns everything the server answers before it closes. */
function rawExchange(bytes: Buffer | string): Promise<ReturnType<typeof parseRawResponse>> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(server.port, '127.0.0.1', () => socket.write(bytes));
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => resolve(parseRawResponse(Buffer.concat(chunks))));
  });
}

const expectProblem = (res: ReturnType<typeof parseRawResponse>, status: number, code: string) => {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = JSON.parse(res.body);
  expect(body).toMatchObject({ status, code });
  expect(body.request_id).toMatch(/^[0-9a-f-]{36}$/);
  expect(res.headers['x-request-id']).toBe(body.request_id);
};

describe('errors Node or the adapter raise before the app runs are problem+json with a request id', () => {
  it('a URL over 16 KB: 431', async () => {
    const res = await rawExchange(`GET /api/v1/datasets?q=${'a'.repeat(17_000)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
    expectProblem(res, 431, 'request_too_large');
  });

  it('raw bytes that are not allowed in a request line: 400', async () => {
    const res = await rawExchange(Buffer.concat([Buffer.from('GET /datasets/'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from(' HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n')]));
    expectProblem(res, 400, 'bad_request');
  });

  it('an invalid Host header or a backslash in the path: 400', async () => {
    expectProblem(await rawExchange('GET / HTTP/1.1\r\nHost: a b\r\nConnection: close\r\n\r\n'), 400, 'bad_request');
    expectProblem(await rawExchange('GET /\\evil HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n'), 400, 'bad_request');
  });

  it('percent-encoding that is not UTF-8, on API and page paths: 400 invalid_path', async () => {
    for (const path of ['/api/v1/datasets/%FF%FE', '/datasets/%E0%A4%A', '/en/datasets/%C3']) {
      expectProblem(await rawExchange(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`), 400, 'invalid_path');
    }
    // Well-formed encodings still reach their route.
    expect((await fetch(`${server.base}/api/v1/datasets/${encodeURIComponent('不存在')}`)).status).toBe(404);
  });
});

describe('absolute links never use the Host header the client sent', () => {
  it('datapackage.json and the key-required hint use the listening address', async () => {
    const get = (path: string) => new Promise<{ status: number; body: string }>((resolve, reject) => {
      http.get({ host: '127.0.0.1', port: server.port, path, headers: { Host: 'evil.example' } }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      }).on('error', reject);
    });
    const pkg = await get(`/api/v1/datasets/${open.datasetId}/versions/${open.n}/datapackage.json`);
    expect(pkg.status).toBe(200);
    expect(pkg.body).not.toContain('evil.example');
    const parsed = JSON.parse(pkg.body);
    expect(parsed.id).toBe(`${server.base}/api/v1/datasets/${open.datasetId}/versions/${open.n}`);
    expect(parsed.resources[0].path).toBe(`${server.base}/api/v1/datasets/${open.datasetId}/versions/${open.n}/data.csv`);

    // A conditional dataset: an open one answers without a key (anonymous reads).
    const conditional = (await seededVersions(t)).find((v) => v.openType !== 'open' && v.status === 'published')!;
    const keyless = await get(`/api/v1/datasets/${conditional.datasetId}/records`);
    expect(keyless.status).toBe(401);
    expect(JSON.parse(keyless.body).developer_centre).toBe(`${server.base}/developer`);
  });

  it('KAIFANG_PUBLIC_URL, when set, is the origin', async () => {
    const other = await createTestApp({ datasets: [open.datasetId], env: { KAIFANG_PUBLIC_URL: 'https://data.example.gov.cn/' } });
    try {
      const res = await other.app.request(`/api/v1/datasets/${open.datasetId}/versions/1/datapackage.json`, { headers: { Host: 'evil.example' } });
      expect((await res.json()).homepage).toBe(`https://data.example.gov.cn/datasets/${open.datasetId}`);
    } finally {
      await other.close();
    }
  });
});

/** Posts `total` bytes with chunked encoding (no Content-Length); resolves with the answer and how much had been sent by then. */
function chunkedPost(path: string, total: number, chunk = 64 * 1024): Promise<{ status: number; body: string; sent: number; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let sent = 0;
    let answered = false;
    const req = http.request({ host: '127.0.0.1', port: server.port, path, method: 'POST', headers: { 'Content-Type': 'application/json', Origin: server.base } }, (res) => {
      answered = true;
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, body, sent, ms: performance.now() - started }));
    });
    req.on('error', (err) => (answered ? undefined : reject(err)));
    const piece = Buffer.alloc(chunk, 'a');
    const writeMore = () => {
      while (!answered && sent < total) {
        sent += piece.length;
        if (!req.write(piece)) return void req.once('drain', writeMore);
      }
      if (!answered) req.end();
    };
    writeMore();
  });
}

describe('JSON and form bodies are limited (64 KB by default), signed-out routes included', () => {
  it('a 10 MB chunked body to sign-in is refused with 413 at the limit, not read to the end', async () => {
    const before = process.memoryUsage().arrayBuffers;
    const res = await chunkedPost('/api/v1/auth/login', 10 * 1048576);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toMatchObject({ status: 413, code: 'payload_too_large' });
    expect(res.sent).toBeLessThan(6 * 1048576);
    expect(res.ms).toBeLessThan(2000);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(8 * 1048576);
  });

  it('a declared Content-Length over the limit is refused before the body is read, and a client that writes it all first still gets the 413', async () => {
    const body = Buffer.alloc(3 * 1048576, ' ');
    const head = `POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
    const res = await writeAllThenRead(server.port, head, body);
    expect(res.writeError).toBeNull();
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).code).toBe('payload_too_large');
  });

  it('forms are limited too; a body under the limit still works', async () => {
    const form = new URLSearchParams({ email: 'nobody@example.cn', password: 'x'.repeat(70_000) });
    const big = await fetch(`${server.base}/api/v1/auth/login`, { method: 'POST', body: form, headers: { Origin: server.base } });
    expect(big.status).toBe(413);
    expect((await big.json()).code).toBe('payload_too_large');
    const small = await fetch(`${server.base}/api/v1/auth/login`, { method: 'POST', body: JSON.stringify({ email: 'nobody@example.cn', password: 'wrong password here' }), headers: { 'Content-Type': 'application/json', Origin: server.base } });
    expect(small.status).toBe(401);
  });
});

/** Descriptors of this process open on artifact files (sockets and the database are not counted). */
const openArtifactFds = () =>
  fs.readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return fs.readlinkSync(`/proc/self/fd/${fd}`).startsWith(`${t.dataDir}/files/`);
    } catch {
      return false;
    }
  }).length;

describe('file descriptors of downloads', () => {
  const url = () => `/api/v1/datasets/${open.datasetId}/versions/${open.n}/data.csv`;
  const abortOnFirstByte = (headers = '') => new Promise<void>((resolve) => {
    const socket = net.connect(server.port, '127.0.0.1', () => socket.write(`GET ${url()} HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers}\r\n`));
    socket.once('data', () => socket.destroy());
    socket.on('error', () => {});
    socket.on('close', () => resolve());
  });
  // Node closes a forgotten FileHandle when it is garbage-collected, with this warning: a leak that GC happened to hide.
  const gcClosed: string[] = [];
  const onWarning = (w: Error) => { if (/Closing file descriptor \d+ on garbage collection/.test(w.message)) gcClosed.push(w.message); };
  beforeAll(() => { process.on('warning', onWarning); });
  afterAll(() => { process.off('warning', onWarning); });
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const leftOpen = async () => {
    let now = openArtifactFds();
    for (let waited = 0; now > 0 && waited < 3000; waited += 50) {
      await sleep(50);
      now = openArtifactFds();
    }
    await sleep(200);
    return { open: now, closedByGc: gcClosed };
  };

  it('are all closed after complete, aborted, HEAD, 304 and ranged downloads, and when clients leave while the file is being opened', async () => {
    expect(openArtifactFds()).toBe(0);
    // Keeps libuv's four threads busy with short tasks, so each file open waits in the queue as under load,
    // and the client is gone before it completes.
    let busy = true;
    const occupy = async () => {
      while (busy) await new Promise((resolve) => pbkdf2('x', 'salt', 20_000, 32, 'sha256', resolve));
    };
    const workers = Array.from({ length: 6 }, occupy);
    await Promise.all(Array.from({ length: 30 }, (_, i) => abortOnFirstByte(i % 2 ? 'Accept-Encoding: gzip\r\n' : '')));
    busy = false;
    await Promise.all(workers);

    const full = await fetch(server.base + url());
    const etag = full.headers.get('etag')!;
    await full.arrayBuffer();
    const complete = async (init: RequestInit = {}) => {
      const res = await fetch(server.base + url(), init);
      await res.arrayBuffer();
    };
    for (let round = 0; round < 10; round++) {
      await Promise.all([
        ...Array.from({ length: 10 }, () => abortOnFirstByte()),
        complete(), complete({ headers: { 'Accept-Encoding': 'gzip' } }), complete({ method: 'HEAD' }),
        complete({ headers: { 'If-None-Match': etag } }), complete({ headers: { Range: 'bytes=0-99' } }), complete({ headers: { Range: 'bytes=10-' } }),
      ]);
    }
    expect(await leftOpen()).toEqual({ open: 0, closedByGc: [] });
  }, 30_000);
});
