import Database from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import type { SqliteDb } from '../src/db/client.js';
import { execute, isPg, rowsOf, type AnyDb } from '../src/db/engine.js';
import { inTransaction } from '../src/db/transaction.js';
import { ApiError } from '../src/lib/errors.js';
import type { ArtifactInfo } from '../src/versions/versions.table.js';
import {
  availablePublishedVersions, getVersion, highestVersionN, insertVersion, latestPublished, listVersions, markWithdrawn, mergeArtifacts,
  setUnavailableReason, versionExists, versionKeys, versionRecords, type NewVersionRow,
} from '../src/versions/versions.store.js';
import { preparedVersionStates } from '../src/versions/version-states.store.js';
import {
  allLocks, deleteLock, deleteLockAsRead, heldLockOf, lockForUpdate, lockOf, putLock, releaseLock, renewLock, renewLockWithoutWaiting, unexpiredLocks, type LockRow,
} from '../src/versions/publish-locks.store.js';
import { acquirePublishLock, assertLockHeld, clearExpiredLocks, dropAttemptTable, liveLockTables } from '../src/versions/publish-lock.js';
import { describeOnEngines } from './support/engines.js';

// The versions feature's own tables (versions, publish_locks) answer the same on SQLite and PostgreSQL (issue 14),
// and the publish lock and the artifacts merge hold with several writers at once (on PostgreSQL: several nodes).

const at = '2026-11-30T08:00:00.000Z';
// Past 2^31: byte totals and epoch milliseconds need SQLite's 64-bit integer and PostgreSQL's bigint.
const big = 5_000_000_000;
const far = Date.parse('2099-01-01T00:00:00Z');
const file = (name: string, bytes = 100): ArtifactInfo => ({ sha256: name.repeat(64).slice(0, 64), bytes, path: `files/${name}` });
const version = (datasetPk: number, n: number, extra: Partial<NewVersionRow> = {}): NewVersionRow => ({
  datasetPk, n, status: 'published', publishedAt: at, publishedBy: null, rowCount: 3, schema: [{ name: '站名', label_zh: '站名', type: 'string', required: true, primary_key: true }],
  changeNote: `第${n}版 🚌`, diff: null, artifacts: {}, ...extra,
});
const lock = (datasetPk: number, owner: string, expiresAt: number, n = 2): LockRow =>
  ({ datasetPk, owner, n, rowsTable: `ds_${datasetPk}_v${n}`, acquiredAt: expiresAt - 60_000, expiresAt });
const sorted = <T extends Record<string, unknown>>(r: T): T => Object.fromEntries(Object.keys(r).sort().map((k) => [k, r[k]])) as T;

async function seed(db: AnyDb) {
  await execute(db, sql`INSERT INTO departments (id, code, name_zh, name_en, position) VALUES ('transport', 'JT', '交通运输局', 'Transport Bureau', 0)`);
  await execute(db, sql`INSERT INTO themes (id, name_zh, name_en, position) VALUES ('traffic', '交通', 'Traffic', 0)`);
  for (let pk = 1; pk <= 12; pk++) {
    await execute(db, sql`INSERT INTO datasets (pk, id, code, title_zh, title_en, summary_zh, summary_en, department_id, theme_id, open_type, update_frequency,
      license, keywords, keywords_en, spatial, related_codes, schema, created_at, updated_at)
      VALUES (${pk}, ${`set-${pk}`}, ${`JT-${pk}`}, '公交站点', 'Bus stops', '', '', 'transport', 'traffic', 'open', 'monthly', 'CC-BY-4.0', '[]', '[]', '上海', '[]', '[]', ${at}, ${at})`);
  }
}

describeOnEngines('versions stores', (db) => {
  beforeAll(async () => seed(db()));

  it('keeps versions with their JSON, big byte totals and unicode notes; finds the latest published, lists newest first, numbers past the highest', async () => {
    expect(await highestVersionN(db(), 1)).toBe(0);
    expect(await latestPublished(db(), 1)).toBeUndefined();
    await insertVersion(db(), version(1, 1, { diff: { added: 3, removed: 0, changed: 0 }, artifacts: { csv: file('a', big) } }));
    await insertVersion(db(), version(1, 2, { publishedBy: 'u_pub' }));
    await insertVersion(db(), version(1, 3));
    await insertVersion(db(), version(2, 1));
    expect(await getVersion(db(), 1, 1)).toEqual({
      datasetPk: 1, n: 1, status: 'published', publishedAt: at, publishedBy: null, rowCount: 3, schema: [{ name: '站名', label_zh: '站名', type: 'string', required: true, primary_key: true }],
      changeNote: '第1版 🚌', diff: { added: 3, removed: 0, changed: 0 }, artifacts: { csv: file('a', big) }, withdrawnAt: null, withdrawnReason: null, unavailableReason: null,
    });
    expect(await getVersion(db(), 1, 9)).toBeUndefined();
    expect(await versionExists(db(), 1, 2)).toBe(true);
    expect(await versionExists(db(), 2, 2)).toBe(false);
    expect(await highestVersionN(db(), 1)).toBe(3);

    await markWithdrawn(db(), 1, 3, '2026-12-01T00:00:00.000Z', '坐标有误');
    expect((await latestPublished(db(), 1))!.n).toBe(2);
    expect(await highestVersionN(db(), 1)).toBe(3); // a withdrawn number is never reused
    expect((await listVersions(db(), 1)).map((v) => [v.n, v.status, v.withdrawnReason])).toEqual([[3, 'withdrawn', '坐标有误'], [2, 'published', null], [1, 'published', null]]);

    await setUnavailableReason(db(), 2, 1, 'rows table ds_2_v1 is missing');
    expect(await versionKeys(db())).toEqual([{ datasetPk: 1, n: 1 }, { datasetPk: 1, n: 2 }, { datasetPk: 1, n: 3 }, { datasetPk: 2, n: 1 }]);
    expect((await versionRecords(db())).map((v) => [v.datasetPk, v.n, v.rowCount, v.unavailableReason, v.artifacts])).toEqual([
      [1, 1, 3, null, { csv: file('a', big) }], [1, 2, 3, null, {}], [1, 3, 3, null, {}], [2, 1, 3, 'rows table ds_2_v1 is missing', {}],
    ]);
    expect(await availablePublishedVersions(db())).toEqual([{ datasetPk: 1, n: 1, artifacts: { csv: file('a', big) } }, { datasetPk: 1, n: 2, artifacts: {} }]);
    await setUnavailableReason(db(), 2, 1, null);
    expect((await availablePublishedVersions(db())).map((v) => [v.datasetPk, v.n])).toEqual([[1, 1], [1, 2], [2, 1]]);
  });

  it('answers the records path\'s version states: the latest published, a version by number, withdrawn or unavailable', async () => {
    const states = preparedVersionStates(db());
    expect(await states.latestPublished(1)).toEqual({ n: 2, rowCount: 3, status: 'published', withdrawnReason: null, unavailableReason: null });
    expect(await states.pinned(1, 3)).toEqual({ n: 3, rowCount: 3, status: 'withdrawn', withdrawnReason: '坐标有误', unavailableReason: null });
    expect(await states.pinned(1, 4)).toBeUndefined();
    expect(await states.latestPublished(3)).toBeUndefined();
    await setUnavailableReason(db(), 1, 2, '表缺失');
    expect((await states.latestPublished(1))!.unavailableReason).toBe('表缺失'); // read fresh each time, not remembered
    await setUnavailableReason(db(), 1, 2, null);
  });

  it('merges built artifacts into the stored record in the caller\'s order; with no version row it stores nothing and answers what was built', async () => {
    await insertVersion(db(), version(3, 1, { artifacts: { csv: file('c') } }));
    const merged = await mergeArtifacts(db(), 3, 1, { xlsx: file('x', big), csv: file('c2') }, (r) => sorted(r));
    expect(merged).toEqual({ csv: file('c2'), xlsx: file('x', big) });
    expect(Object.keys((await getVersion(db(), 3, 1))!.artifacts)).toEqual(['csv', 'xlsx']);
    expect(await mergeArtifacts(db(), 3, 9, { json: file('j') }, (r) => r)).toEqual({ json: file('j') });
    expect(await getVersion(db(), 3, 9)).toBeUndefined();
  });

  it('keeps every writer\'s artifacts when several merge into one version at once', async () => {
    await insertVersion(db(), version(4, 1, { artifacts: { csv: file('c') } }));
    const formats = ['json', 'xlsx', 'geojson', 'parquet', 'ndjson', 'xml', 'kml', 'shp'];
    await Promise.all(formats.map((f) => mergeArtifacts(db(), 4, 1, { [f]: file(f) }, (r) => sorted(r))));
    expect(Object.keys((await getVersion(db(), 4, 1))!.artifacts)).toEqual(['csv', ...formats].sort());
  });

  it('keeps lock rows: put over, renew, find live ones, delete only the owner\'s (or only as read), release', async () => {
    await putLock(db(), lock(5, 'host-a:11:aa', far));
    expect(await lockOf(db(), 5)).toEqual(lock(5, 'host-a:11:aa', far));
    expect(await heldLockOf(db(), 5)).toEqual(lock(5, 'host-a:11:aa', far));
    expect(await lockOf(db(), 6)).toBeUndefined();
    await putLock(db(), lock(5, 'host-b:12:bb', far + 1, 3)); // taken over
    expect(await lockOf(db(), 5)).toEqual(lock(5, 'host-b:12:bb', far + 1, 3));
    expect(await renewLock(db(), 5, 'host-a:11:aa', far + 2)).toBe(false);
    expect(await renewLock(db(), 5, 'host-b:12:bb', far + 2)).toBe(true);
    await putLock(db(), lock(6, 'host-a:11:aa', 1000));
    expect((await unexpiredLocks(db(), Date.now())).map((r) => [r.datasetPk, r.expiresAt])).toEqual([[5, far + 2]]);
    expect((await allLocks(db())).map((r) => r.datasetPk)).toEqual([5, 6]);
    await deleteLock(db(), 5, 'host-a:11:aa'); // not the holder: nothing
    await deleteLockAsRead(db(), { ...lock(5, 'host-b:12:bb', far + 1, 3) }); // renewed since: kept
    expect((await lockOf(db(), 5))?.owner).toBe('host-b:12:bb');
    await releaseLock(db(), 5, 'host-b:12:bb');
    await deleteLockAsRead(db(), (await lockOf(db(), 6))!);
    expect(await allLocks(db())).toEqual([]);
  });

  it('the heartbeat renews a held lock, says lost once another took it, and never waits for another writer', async () => {
    await putLock(db(), lock(7, 'me:1:a', Date.now() + 1000));
    expect(await renewLockWithoutWaiting(db(), 7, 'me:1:a', far)).toBe(true);
    expect((await lockOf(db(), 7))!.expiresAt).toBe(far);
    expect(await renewLockWithoutWaiting(db(), 7, 'someone-else:2:b', far + 5)).toBe(false);
    if (isPg(db())) {
      // No database-wide write lock: another node's unit of work writing meanwhile does not hold the renewal up.
      let release = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      const other = inTransaction(db(), async (tx) => {
        await insertVersion(tx, version(7, 1));
        await held;
      });
      await new Promise((r) => setTimeout(r, 50));
      expect(await renewLockWithoutWaiting(db(), 7, 'me:1:a', far + 10)).toBe(true);
      release();
      await other;
    } else {
      // SQLite: while another connection holds the write lock, 'busy', and nothing is written.
      const other = new Database((db() as SqliteDb).$client.name);
      try {
        other.exec('BEGIN IMMEDIATE');
        expect(await renewLockWithoutWaiting(db(), 7, 'me:1:a', far + 10)).toBe('busy');
        other.exec('ROLLBACK');
      } finally {
        other.close();
      }
      expect((await lockOf(db(), 7))!.expiresAt).toBe(far);
    }
    await deleteLock(db(), 7, 'me:1:a');
  });

  it('lets exactly one of two units of work take a free dataset lock at once, and never leaves an empty row behind', async () => {
    for (const pk of [8, 9, 10]) {
      const take = (owner: string) => inTransaction(db(), async (tx) => {
        const held = await lockForUpdate(tx, pk);
        if (held && held.expiresAt > Date.now()) throw new ApiError(409, 'publish_in_progress', 'taken');
        if (isPg(db())) await new Promise((r) => setTimeout(r, 30)); // the other unit runs meanwhile (SQLite: it waits its turn)
        await putLock(tx, lock(pk, owner, far));
        return owner;
      }, { immediate: true });
      const results = await Promise.allSettled([take('node-a:1:a'), take('node-b:2:b')]);
      const won = results.filter((r) => r.status === 'fulfilled').map((r) => (r as PromiseFulfilledResult<string>).value);
      expect(won).toHaveLength(1);
      expect((await lockOf(db(), pk))!.owner).toBe(won[0]);
      expect(((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason as ApiError).code).toBe('publish_in_progress');
      await deleteLock(db(), pk, won[0]!);
    }
    // A unit that finds the lock held rolls back: no row without an owner is ever committed.
    await putLock(db(), lock(8, 'node-a:1:a', far));
    await expect(inTransaction(db(), async (tx) => {
      await lockForUpdate(tx, 11);
      throw new Error('gave up');
    })).rejects.toThrow('gave up');
    expect((await rowsOf<{ owner: string }>(db(), sql`SELECT owner FROM publish_locks WHERE owner = ''`))).toEqual([]);
    await deleteLock(db(), 8, 'node-a:1:a');
  }, 20_000);

  it('clears lapsed locks and names the live ones\' tables; an assertion of the lock fails once it was taken over', async () => {
    await putLock(db(), lock(8, 'other-host:1:a', 1000, 4));
    await putLock(db(), lock(9, 'other-host:2:b', far, 5));
    expect([...(await liveLockTables(db()))]).toEqual(['ds_9_v5']);
    expect(await inTransaction(db(), (tx) => clearExpiredLocks(tx), { immediate: true })).toBe(1);
    expect((await allLocks(db())).map((r) => r.datasetPk)).toEqual([9]);
    await inTransaction(db(), (tx) => assertLockHeld(tx, 9, 'other-host:2:b'));
    await expect(inTransaction(db(), (tx) => assertLockHeld(tx, 9, 'me:3:c'))).rejects.toMatchObject({ code: 'publish_in_progress' });
    await deleteLock(db(), 9, 'other-host:2:b');
  });

  it('while a unit of work clears lapsed locks, no writer takes a lock until it ends (it may drop the tables no live lock names)', async () => {
    const order: string[] = [];
    let cleared = () => {};
    const clearing = new Promise<void>((resolve) => (cleared = resolve));
    const cleanup = inTransaction(db(), async (tx) => {
      await clearExpiredLocks(tx);
      cleared();
      if (isPg(db())) await new Promise((r) => setTimeout(r, 100)); // another node tries meanwhile
      order.push(`cleanup saw ${(await liveLockTables(tx)).size} live`);
    }, { immediate: true });
    await clearing;
    const taking = inTransaction(db(), async (tx) => {
      await lockForUpdate(tx, 10);
      await putLock(tx, lock(10, 'node-b:2:b', far));
    }).then(() => order.push('lock taken'));
    await Promise.all([cleanup, taking]);
    expect(order).toEqual(['cleanup saw 0 live', 'lock taken']);
    await deleteLock(db(), 10, 'node-b:2:b');
  });

  it('acquirePublishLock: two writers at once, one wins with the next number; a lapsed lock is taken over; numbering holds across a commit', async () => {
    await insertVersion(db(), version(12, 1));
    const results = await Promise.allSettled([acquirePublishLock(db(), 12, { owner: 'node-a:1:a' }), acquirePublishLock(db(), 12, { owner: 'node-b:2:b' })]);
    const won = results.filter((r) => r.status === 'fulfilled').map((r) => (r as PromiseFulfilledResult<Awaited<ReturnType<typeof acquirePublishLock>>>).value);
    expect(won).toHaveLength(1);
    expect(((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason as ApiError).code).toBe('publish_in_progress');
    const first = won[0]!;
    expect([first.n, first.rowsTable]).toEqual([2, 'ds_12_v2']);
    expect((await lockOf(db(), 12))!.owner).toBe(first.owner);

    // The holder commits version 2 while another node, finding the lease lapsed, tries to take the lock over:
    // it waits for that commit (PostgreSQL: the row is held) and numbers past it.
    const later = Date.now() + 10 * 60_000;
    let asserted = () => {};
    const holding = new Promise<void>((resolve) => (asserted = resolve));
    const commit = inTransaction(db(), async (tx) => {
      await assertLockHeld(tx, 12, first.owner);
      asserted();
      if (isPg(db())) await new Promise((r) => setTimeout(r, 100)); // the takeover is waiting meanwhile
      await insertVersion(tx, version(12, 2));
    }, { immediate: true });
    await holding;
    const takeover = acquirePublishLock(db(), 12, { owner: 'node-c:3:c', now: () => later });
    await commit;
    const second = await takeover;
    expect(second.n).toBe(3);
    await dropAttemptTable(db(), first); // not the holder any more: nothing happens
    await first.release(); // not the holder: the row stays the new writer's
    expect((await lockOf(db(), 12))!.owner).toBe('node-c:3:c');
    await second.release();
    expect(await lockOf(db(), 12)).toBeUndefined();
  }, 20_000);
});
