import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';
import { execute, isPg } from '../src/db/engine.js';

type Readiness = { status: string; checks: Record<'database' | 'migrations' | 'seeding' | 'artifacts', { ok: boolean; detail: string }> };

describe('/readyz on a running portal', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => void (t = await createTestApp()));
  afterAll(async () => await t.close());

  it('is 200 ready when the database answers, every migration is applied and the catalog is seeded', async () => {
    const res = await t.app.request('/readyz');
    expect(res.status).toBe(200);
    const body = (await res.json()) as Readiness;
    expect(body.status).toBe('ready');
    expect(Object.keys(body.checks)).toEqual(['database', 'migrations', 'seeding', 'artifacts']);
    expect(Object.values(body.checks).every((c) => c.ok)).toBe(true);
    expect(body.checks.migrations.detail).toMatch(/^all \d+ applied$/);
    expect((await t.app.request('/healthz')).status).toBe(200);
  });

  it('is 503 naming the failing check when a migration the code ships is missing from the database', async () => {
    // A migration the code ships but the database has not recorded: an old database under new code.
    const table = isPg(t.db) ? sql`drizzle.__drizzle_migrations` : sql`__drizzle_migrations`;
    await execute(t.db, sql`DELETE FROM ${table} WHERE created_at = (SELECT MAX(created_at) FROM ${table})`);
    const res = await t.app.request('/readyz');
    expect(res.status).toBe(503);
    const body = (await res.json()) as Readiness;
    expect(body.status).toBe('not_ready');
    expect(body.checks.migrations.ok).toBe(false);
    expect(body.checks.migrations.detail).toMatch(/^\d+ of \d+ applied$/);
    expect(body.checks.database.ok).toBe(true);
  });
});

/** The real server (web/server.ts) on an empty data directory: it listens while it seeds. */
describe.skipIf(process.env.KAIFANG_TEST_ENGINE === 'postgres')('a first start', { timeout: 240_000 }, () => {
  it('answers /healthz 200, /readyz 503 (seeding) and everything else 503 starting while it seeds, then /readyz 200', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaifang-readyz-'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'web/server.ts'], {
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', KAIFANG_DATA_DIR: dataDir, KAIFANG_LOG: 'info', KAIFANG_SEED_DEMO: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => void (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => void (out += c.toString()));
    const waitFor = async (re: RegExp) => {
      for (let i = 0; i < 2000; i++) {
        const m = re.exec(out);
        if (m) return m;
        if (child.exitCode !== null) throw new Error(`server exited:\n${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`no ${re} in:\n${out}`);
    };
    try {
      const [, base] = await waitFor(/answering \/healthz and \/readyz on (http:\/\/[^\s"]+) while seeding/);
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      const seeding = await fetch(`${base}/readyz`);
      expect(seeding.status).toBe(503);
      const body = (await seeding.json()) as Readiness;
      expect(body.status).toBe('not_ready');
      expect(body.checks.seeding).toEqual({ ok: false, detail: 'seeding the catalog' });
      expect(body.checks.database.ok).toBe(true);
      expect(body.checks.migrations.ok).toBe(true);
      const page = await fetch(`${base}/api/v1/datasets`);
      expect(page.status).toBe(503);
      expect(page.headers.get('content-type')).toContain('application/problem+json');
      expect(page.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(((await page.json()) as { code: string }).code).toBe('starting');

      await waitFor(/listening on http/);
      const ready = await fetch(`${base}/readyz`);
      expect(ready.status).toBe(200);
      expect(((await ready.json()) as Readiness).status).toBe('ready');
      expect((await fetch(`${base}/api/v1/datasets`)).status).toBe(200);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
