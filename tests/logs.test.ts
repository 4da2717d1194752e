import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';

// The server's log as an operator's shipper reads it: its real stdout (web/server.ts, not a terminal), one JSON
// object per line; one line per request with ids, route pattern, status and duration, never a secret or an address.

type Line = Record<string, unknown> & { msg: string; level: number; time: string };

describe('server logs', { timeout: 120_000 }, () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let child: ChildProcess;
  let stdout = '';
  let base = '';
  beforeAll(async () => {
    t = await createTestApp(); // a seeded data directory: the server starts on it at once
    child = spawn(process.execPath, ['--import', 'tsx', 'web/server.ts'], {
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', KAIFANG_DATA_DIR: t.dataDir, KAIFANG_LOG: 'info', KAIFANG_SECRET: 'logs-test-secret-0123456789' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (c: Buffer) => void (stdout += c.toString()));
    for (let i = 0; i < 1200 && !base; i++) {
      base = /listening on (http:\/\/[^\s"]+)/.exec(stdout)?.[1] ?? '';
      if (child.exitCode !== null) throw new Error(`server exited:\n${stdout}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  });
  afterAll(async () => {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
    await t.close();
  });

  it('writes JSON lines: one per request with its id, method, route pattern, status, ms and user or key id, and no secret, cookie or raw address', async () => {
    const password = 'correct horse battery staple';
    const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${base}${url}`, { method: 'POST', headers: { 'content-type': 'application/json', origin: base, ...headers }, body: JSON.stringify(body) });
    expect((await post('/api/v1/auth/register', { email: 'logged@example.cn', password })).status).toBe(202);
    const login = await post('/api/v1/auth/login', { email: 'logged@example.cn', password });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const me = await fetch(`${base}/api/v1/me`, { headers: { cookie } });
    const userId = ((await me.json()) as { id: string }).id;
    const key = (await (await post('/api/v1/me/keys', { name: 'log test' }, { cookie })).json()) as { id: string; secret: string };
    const dataset = t.catalog.datasets.find((d) => d.open_type === 'open')!;
    const records = await fetch(`${base}/api/v1/datasets/${dataset.id}/records?limit=1`, { headers: { authorization: `Bearer ${key.secret}`, 'x-forwarded-for': '203.0.113.9' } });
    expect(records.status).toBe(200);
    const requestId = records.headers.get('x-request-id');
    await new Promise((r) => setTimeout(r, 300)); // the last lines reach the pipe

    const lines = stdout.trimEnd().split('\n');
    const parsed = lines.map((l) => JSON.parse(l) as Line); // every line is one JSON object
    for (const line of parsed) {
      expect(typeof line.msg).toBe('string');
      expect(line.time).toMatch(/^\d{4}-\d\d-\d\dT/);
    }
    const requests = parsed.filter((l) => l.msg === 'request');
    for (const r of requests) {
      expect(Object.keys(r)).toEqual(expect.arrayContaining(['req_id', 'method', 'route', 'status', 'ms']));
      expect(typeof r.ms).toBe('number');
    }
    const meLine = requests.find((r) => r.route === '/api/v1/me' && r.method === 'GET');
    expect(meLine).toMatchObject({ status: 200, user_id: userId });
    const recordsLine = requests.find((r) => r.req_id === requestId);
    expect(recordsLine).toMatchObject({ method: 'GET', route: '/api/v1/datasets/:id/records', status: 200, key_id: key.id });
    expect(requests.find((r) => r.route === '/api/v1/auth/login')).toMatchObject({ method: 'POST', status: 200 });

    // Nothing a reader of the log could sign in with or trace to a person's address.
    const secrets = [password, key.secret, cookie.split('=')[1]!, 'logs-test-secret-0123456789'];
    for (const secret of secrets) expect(stdout).not.toContain(secret);
    const others = lines.filter((l) => !l.includes('listening on http://127.0.0.1')); // the server's own bind address
    expect(others.filter((l) => l.includes('127.0.0.1') || l.includes('203.0.113.9'))).toEqual([]);
    expect(stdout.toLowerCase()).not.toContain('authorization');
  });
});
