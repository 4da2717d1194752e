// Issue 18, audit trail: a hash chain that `audit verify` (the real CLI) walks and that names an edited row; appends
// that never fork under concurrency; retention into a signed archive after which the chain still verifies; the
// admin API (filters, cursor, CSV) and who sees what; reading the trail is itself audited.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';
import { runCli } from './cli.helpers.js';
import { person, get, type Person, type TestApp } from './demand.helpers.js';
import { queryRows, queryRun, queryValue } from './support/db-query.js';
import { pruneAudit, recordAudit, verifyArchive, verifyChain } from '../src/audit/index.js';

const secret = 'test-secret-test-secret';
let t: TestApp;
let admin: Person, deptAdmin: Person, reviewer: Person, publisher: Person;

beforeAll(async () => {
  t = await createTestApp({ datasets: ['tax-service-halls'] });
  admin = await person(t, 'admin', null);
  deptAdmin = await person(t, 'dept_admin', 'taxation');
  reviewer = await person(t, 'reviewer', null);
  publisher = await person(t, 'publisher', 'taxation');
}, 60_000);
afterAll(() => t.close());

const count = async () => Number(await queryValue(t.db, 'SELECT COUNT(*) FROM audit_events'));

describe('audit trail', () => {
  it('appends rows that chain to each other, and verify says ok', async () => {
    const before = await count();
    await recordAudit(t.db, { actor: 'u1', actorRole: 'publisher', actorDepartmentId: 'taxation', action: 'versions.published', target: 'dataset:tax-service-halls', targetDepartmentId: 'taxation', summary: 'v2 (1,204 rows) 办税', ts: '2026-11-01T00:00:00.000Z' });
    await recordAudit(t.db, { actor: null, action: 'auth.sign_in_failed', target: 'user:someone@example.gov.cn', ts: '2026-11-01T00:00:01.000Z' });
    const rows = await queryRows<{ prev_hash: string; hash: string }>(t.db, 'SELECT prev_hash, hash FROM audit_events ORDER BY id');
    expect(rows.length).toBe(before + 2);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash);
    expect(await verifyChain(t.db)).toEqual({ ok: true, rows: before + 2 });
    const cli = await runCli(t.dataDir, ['audit', 'verify']);
    expect(cli.code, cli.out).toBe(0);
    expect(cli.stdout).toContain(`ok: ${before + 2} rows`);
    // The CLI wrote its own row (actor cli:<os user>), chained like the rest.
    const [last] = await queryRows<{ actor: string; action: string }>(t.db, 'SELECT actor, action FROM audit_events ORDER BY id DESC LIMIT 1');
    expect(last).toMatchObject({ action: 'audit.verified' });
    expect(last!.actor).toMatch(/^cli:.+/);
    expect((await verifyChain(t.db)).ok).toBe(true);
  }, 60_000);

  it('50 concurrent appends keep one chain', async () => {
    const before = await count();
    await Promise.all(Array.from({ length: 50 }, (_, i) => recordAudit(t.db, { actor: `u${i}`, action: 'keys.created', target: `key:${i}` })));
    expect(await count()).toBe(before + 50);
    const forks = await queryValue(t.db, 'SELECT COUNT(*) FROM (SELECT prev_hash FROM audit_events GROUP BY prev_hash HAVING COUNT(*) > 1) f');
    expect(Number(forks)).toBe(0);
    expect((await verifyChain(t.db)).ok).toBe(true);
  });

  it('the API filters, pages and answers CSV by role; each read is audited', async () => {
    await recordAudit(t.db, { actor: 'someone-else', actorRole: 'publisher', actorDepartmentId: 'justice', action: 'datasets.withdrawn', target: 'dataset:courts', targetDepartmentId: 'justice', ts: '2026-11-02T00:00:00.000Z' });
    await recordAudit(t.db, { actor: 'x', actorRole: 'admin', action: 'users.role_changed', target: `user:${publisher.id}`, targetDepartmentId: 'taxation', summary: 'user -> publisher', ts: '2026-11-03T00:00:00.000Z' });
    const list = async (who: Person | null, query = '') => get(t, who, `/api/v1/admin/audit${query}`);

    expect((await list(null)).status).toBe(401);
    expect((await list(publisher)).status).toBe(403);

    const all = await (await list(admin, '?limit=5')).json() as { data: { id: number; action: string }[]; next_cursor: string | null; total: number };
    expect(all.data).toHaveLength(5);
    expect(all.total).toBeGreaterThan(50);
    const next = await (await list(admin, `?limit=5&cursor=${encodeURIComponent(all.next_cursor!)}`)).json() as typeof all;
    expect(next.data[0]!.id).toBeLessThan(all.data.at(-1)!.id);

    const withdrawn = await (await list(admin, '?action=datasets.withdrawn&from=2026-11-02&to=2026-11-02')).json() as typeof all;
    expect(withdrawn.data.map((r) => r.action)).toEqual(['datasets.withdrawn']);
    const byTarget = await (await list(admin, `?target=${encodeURIComponent(`user:${publisher.id}`)}`)).json() as typeof all;
    expect(byTarget.data.map((r) => r.action)).toEqual(['users.role_changed']);
    const byActor = await (await list(admin, '?actor=u7')).json() as typeof all;
    expect(byActor.data.map((r) => r.action)).toEqual(['keys.created']);

    // A department admin: their department's people's actions and actions on their department's things, nothing else.
    const dept = await (await list(deptAdmin, '?limit=1000')).json() as { data: { action: string; actor_department_id: string | null; target_department_id: string | null }[] };
    expect(dept.data.map((r) => r.action).sort()).toEqual(['users.role_changed', 'versions.published']);
    // A reviewer: publish and withdraw events of every department.
    const rev = await (await list(reviewer, '?limit=1000')).json() as typeof dept;
    expect([...new Set(rev.data.map((r) => r.action))].sort()).toEqual(['datasets.withdrawn', 'versions.published']);

    const csv = await get(t, admin, '/api/v1/admin/audit.csv?action=users.role_changed');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (await csv.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe('id,ts,actor,actor_role,actor_department_id,action,target,target_department_id,summary,request_id,client_hash,prev_hash,hash');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('user -> publisher');

    const reads = await queryRows<{ actor: string; action: string; summary: string; request_id: string | null }>(t.db, 'SELECT actor, action, summary, request_id FROM audit_events WHERE action = ? ORDER BY id', 'audit.read');
    // Every successful read above (7 lists and the CSV) wrote exactly one row, by its reader; refused ones none.
    expect(reads).toHaveLength(8);
    expect(reads.filter((r) => r.actor === reviewer.id)).toHaveLength(1);
    expect(reads.every((r) => r.request_id)).toBe(true);
    expect(reads.at(-1)!.summary).toContain('action=users.role_changed');
    expect((await verifyChain(t.db)).ok).toBe(true);
  });

  it('the page shows the trail to an admin, with a CSV link, and refuses a publisher', async () => {
    const page = await get(t, admin, '/admin/audit?action=users.role_changed');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<caption');
    expect(html).toContain('user -&gt; publisher');
    expect(html).toContain('/api/v1/admin/audit.csv?action=users.role_changed');
    const en = await (await get(t, admin, '/en/admin/audit')).text();
    expect(en).toContain('Audit trail');
    expect((await get(t, publisher, '/admin/audit')).status).toBe(403);
  });

  it('retention archives old rows to a signed file and removes them; verify still ok; a changed archive fails', async () => {
    const total = await count();
    const old = Number(await queryValue(t.db, 'SELECT COUNT(*) FROM audit_events WHERE id < (SELECT MIN(id) FROM audit_events WHERE ts >= ?)', '2026-11-01T00:00:00.500Z'));
    const dir = path.join(t.dataDir, 'archives');
    const sig = await pruneAudit(t.db, secret, '2026-11-01T00:00:00.500Z', dir, new Date('2027-11-01T00:00:00Z'));
    expect(sig).not.toBeNull();
    expect(sig!.rows).toBe(old);
    expect(await count()).toBe(total - old);
    const file = path.join(dir, fs.readdirSync(dir).find((f) => f.endsWith('.ndjson'))!);
    expect(fs.readFileSync(file, 'utf8').trimEnd().split('\n')).toHaveLength(old);
    expect(verifyArchive(file, secret)).toEqual({ ok: true, rows: old });
    expect(await verifyChain(t.db)).toEqual({ ok: true, rows: total - old });
    const cli = await runCli(t.dataDir, ['audit', 'verify']);
    expect(cli.code, cli.out).toBe(0);
    // The next append chains on; a changed archive no longer matches its signature.
    await recordAudit(t.db, { actor: 'u', action: 'keys.revoked' });
    expect((await verifyChain(t.db)).ok).toBe(true);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('办税', '伪造'));
    expect(verifyArchive(file, secret)).toMatchObject({ ok: false });
    const bad = await runCli(t.dataDir, ['audit', 'verify', '--archive', file], { KAIFANG_SECRET: secret });
    expect(bad.code, bad.out).toBe(1);
  }, 60_000);

  it('a row edited directly in the database: audit verify (the CLI) exits 1 naming it', async () => {
    const [victim] = await queryRows<{ id: number; ts: string }>(t.db, 'SELECT id, ts FROM audit_events WHERE action = ? ORDER BY id LIMIT 1', 'users.role_changed');
    // The sqlite3 driver itself on SQLite (as an intruder with the file would); plain SQL on PostgreSQL.
    if (t.engine === 'postgres') await queryRun(t.db, 'UPDATE audit_events SET summary = ? WHERE id = ?', 'user -> admin', victim!.id);
    else t.db.$client.prepare('UPDATE audit_events SET summary = ? WHERE id = ?').run('user -> admin', victim!.id);
    const cli = await runCli(t.dataDir, ['audit', 'verify']);
    expect(cli.code, cli.out).toBe(1);
    expect(cli.stderr).toContain(`row ${victim!.id} (${victim!.ts})`);
    expect(cli.stderr).toContain('content does not match its hash');
  }, 60_000);
});
