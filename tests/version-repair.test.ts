import { asSqlite } from '../src/db/connection.js';
// Issue 11 item 2: a committed version whose rows table is missing answers 503 (never 500), and
// `kaifang check [--repair]` reports and rebuilds what disagrees between versions, tables and files.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';
import { loadCatalog } from '../datasets/index.js';
import { createUser } from '../src/auth/auth.service.js';
import { createKey } from '../src/keys/keys.service.js';
import { bootPortal } from '../web/portal.js';
import { readEnv } from '../src/env.js';
import { ensureArtifacts } from '../src/versions/build-queue.js';
import { artifactPath } from '../src/versions/artifacts.js';
import { checkVersions, describeInconsistency } from '../src/versions/version-check.js';
import { repairVersions } from '../src/versions/version-repair.js';
import { messages } from '../web/i18n.js';
import { runCli } from './cli.helpers.js';

const multi = loadCatalog().datasets.find((d) => d.versions.length > 1 && d.rows < 3000 && d.open_type === 'open')!;
const id = multi.id;

describe('a version whose rows table is missing', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let headers: Record<string, string>;
  let pk: number;
  let n: number;
  let table: string;
  let before: unknown[];
  const errors: string[] = [];
  const log = { info: () => {}, error: (msg: string) => void errors.push(msg) };
  const boot = async () => await bootPortal(readEnv({ KAIFANG_DATA_DIR: t.dataDir, KAIFANG_LOG: 'silent', KAIFANG_USAGE: 'off' }), log);
  const records = async (app: Awaited<ReturnType<typeof boot>>['app'], version: number) => {
    const res = await app.request(`/api/v1/datasets/${id}/versions/${version}/records?limit=1000`, { headers });
    return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    t = await createTestApp({ datasets: [id] });
    pk = t.db.$client.prepare('SELECT pk FROM datasets WHERE id = ?').pluck().get(id) as number;
    n = t.db.$client.prepare('SELECT latest_version FROM datasets WHERE pk = ?').pluck().get(pk) as number;
    table = `ds_${pk}_v${n}`;
    const user = await createUser(t.db, { email: 'repair@example.cn', password: 'correct horse battery' }, new Date());
    headers = { authorization: `Bearer ${(await createKey(t.db, user, 'repair', new Date())).secret}` };
    await ensureArtifacts(t.deps, pk, n); // the files exist, as on a portal that has served them
    const res = await records(t.app, n);
    expect(res.status).toBe(200);
    before = res.body.data as unknown[];
    expect(before.length).toBeGreaterThan(0);
    t.db.$client.exec(`DROP TABLE IF EXISTS "${table}_fts"; DROP TABLE "${table}"`); // a damaged database
    t.db.$client.close();
  });
  afterAll(() => fs.rmSync(t.dataDir, { recursive: true, force: true }));

  it('is logged at start and answers 503 version_unavailable; pages, metadata and stored files still answer; the CLI check lists it and --repair restores it', async () => {
    const { app, db } = await boot();
    try {
      expect(errors.join('\n')).toContain(`${id} v${n}`);
      for (const url of [`/api/v1/datasets/${id}/versions/${n}/records?limit=5`, `/api/v1/datasets/${id}/records?limit=5`, `/api/v1/datasets/${id}/records?q=a`]) {
        const res = await app.request(url, { headers });
        expect(res.status, url).toBe(503);
        expect(res.headers.get('content-type')).toMatch(/problem\+json/);
        const body = (await res.json()) as { code: string; detail: string; dataset: string; version: number };
        expect(body).toMatchObject({ code: 'version_unavailable', dataset: id, version: n });
        expect(body.detail).toContain(`Version ${n} of dataset '${id}'`);
      }
      if (n > 1) expect((await records(app, n - 1)).status).toBe(200); // other versions are untouched

      const page = await app.request(`/datasets/${id}`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain(messages.zh.versionUnavailable);
      expect((await app.request(`/datasets/${id}/versions/${n}`)).status).toBe(200);
      const meta = await app.request(`/api/v1/datasets/${id}/versions/${n}`);
      expect(meta.status).toBe(200);
      expect(((await meta.json()) as { unavailable_reason: string | null }).unavailable_reason).toContain(table);
      const csv = await app.request(`/api/v1/datasets/${id}/versions/${n}/data.csv`);
      expect(csv.status).toBe(200);
      expect((await csv.text()).split('\r\n').filter(Boolean).length).toBe(before.length + 1);

      const xlsx = asSqlite(db).$client.prepare('SELECT artifacts FROM versions WHERE dataset_pk = ? AND n = ?').pluck().get(pk, n) as string;
      fs.rmSync(artifactPath(path.join(t.dataDir, 'files'), (JSON.parse(xlsx) as Record<string, { sha256: string }>).xlsx!.sha256, 'xlsx'));
      const gone = await app.request(`/api/v1/datasets/${id}/versions/${n}/data.xlsx`);
      expect(gone.status).toBe(503); // neither rows nor file: not a 500
      expect(((await gone.json()) as { code: string }).code).toBe('version_unavailable');

      const check = await runCli(t.dataDir, ['check']);
      expect(check.code, check.out).toBe(1);
      expect(check.out).toContain(`${id} v${n}: rows table ${table} is missing`);
      expect(check.out).toMatch(new RegExp(`${id} v${n}: xlsx file .* is missing`));

      const repair = await runCli(t.dataDir, ['check', '--repair']);
      expect(repair.code, repair.out).toBe(0);
      expect(repair.out).toContain(`repaired: ${id} v${n}: rows table rebuilt`);
      expect(repair.out).toContain('consistent after repair');

      // The running server answers at once: the mark lives in the database, read per request.
      const now = await records(app, n);
      expect(now.status).toBe(200);
      expect(now.body.data).toEqual(before);
      expect((await app.request(`/api/v1/datasets/${id}/versions/${n}/data.xlsx`)).status).toBe(200);
    } finally {
      asSqlite(db).$client.close();
    }
    const again = await boot();
    try {
      expect((await records(again.app, n)).body.data).toEqual(before);
      expect(asSqlite(again.db).$client.prepare('SELECT COUNT(*) FROM versions WHERE unavailable_reason IS NOT NULL').pluck().get()).toBe(0);
      expect((await runCli(t.dataDir, ['check'])).code).toBe(0);
    } finally {
      asSqlite(again.db).$client.close();
    }
  }, 120_000);
});

describe('check and repair, in process', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => void (t = await createTestApp({ datasets: [id] })));
  afterAll(() => t.close());

  it('finds an orphan table, a table with lost rows and a file whose bytes changed (sha256 opt-in); repair fixes all three', async () => {
    const sqlite = t.db.$client;
    const pk = sqlite.prepare('SELECT pk FROM datasets WHERE id = ?').pluck().get(id) as number;
    const n = sqlite.prepare('SELECT latest_version FROM datasets WHERE pk = ?').pluck().get(pk) as number;
    const artifacts = await ensureArtifacts(t.deps, pk, n);
    expect(await checkVersions(t.deps, { sha256: true })).toEqual([]);

    sqlite.exec(`CREATE TABLE ds_${pk}_v99 (_rowid INTEGER PRIMARY KEY, x TEXT)`);
    const rows = sqlite.prepare(`SELECT COUNT(*) FROM ds_${pk}_v${n}`).pluck().get() as number;
    sqlite.exec(`DELETE FROM ds_${pk}_v${n} WHERE _rowid IN (SELECT _rowid FROM ds_${pk}_v${n} LIMIT 3)`);
    const ndjson = artifactPath(t.deps.filesDir, artifacts.ndjson!.sha256, 'ndjson');
    const text = fs.readFileSync(ndjson, 'utf8');
    fs.writeFileSync(ndjson, text.replace(/[0-9]/, (d) => String((Number(d) + 1) % 10))); // same size, other bytes

    const sizesOnly = (await checkVersions(t.deps)).map(describeInconsistency);
    expect(sizesOnly).toEqual([`${id} v${n}: rows table ds_${pk}_v${n} has ${rows - 3} rows, the version says ${rows}`, `table ds_${pk}_v99 belongs to no version`]);
    const found = await checkVersions(t.deps, { sha256: true });
    expect(found.map((p) => p.kind).sort()).toEqual(['artifact_mismatch', 'orphan_table', 'row_count']);

    const report = await repairVersions({ ...t.deps, log: { info: () => {}, error: () => {} } }, found, { sha256: true });
    expect(report.failed).toEqual([]);
    expect(report.remaining).toEqual([]);
    expect(sqlite.prepare(`SELECT COUNT(*) FROM ds_${pk}_v${n}`).pluck().get()).toBe(rows);
    expect(sqlite.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = ?").pluck().get(`ds_${pk}_v99`)).toBe(0);
  });
});
