import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { createCatalogCache } from '../src/catalog/index.js';
import { execute, rowsOf } from '../src/db/engine.js';
import { backfillUniqueConsumers } from '../src/usage/usage-backfill.sql.js';
import { createUsageWriter, hasDemoUsage, lastEventId, selectKeyDays } from '../src/usage/usage.store.js';
import type { StoredEvent } from '../src/usage/usage.writer.js';
import { toRange } from '../src/usage/usage.period.js';
import { selectConsumerShares, selectDepartmentUsage, selectFirstDay, selectSeries, selectTopDatasets, selectTotals } from '../src/usage/stats.sql.js';
import { describeOnEngines } from './support/engines.js';

// The usage feature's store functions answer the same on SQLite and PostgreSQL (issue 14: one async interface).

const event = (e: Partial<StoredEvent> & Pick<StoredEvent, 'ts' | 'kind' | 'datasetPk' | 'consumerHash'>): StoredEvent => ({
  version: 1, format: e.kind === 'download' ? 'csv' : null, ownerDepartmentId: e.datasetPk === 1 ? 'transport' : 'health', consumerDepartmentId: null,
  userId: null, keyId: null, uniqueConsumer: e.consumerHash, isRobot: false, status: 200, rows: null, bytes: 1000, ms: 3, isDemo: false, ...e,
});
// Past 2^32: byte totals need SQLite's 64-bit integer and PostgreSQL's bigint, and come back as numbers.
const bigBytes = 5_000_000_000;
const odd = 'a:"{引号}", \\ NULL \'x\'';

describeOnEngines('usage stores', (db) => {
  const reads = () => ({ db: db(), caches: { catalog: createCatalogCache() } });
  const daily = async (day: string, pk: number, kind: string) =>
    await rowsOf<{ consumer_department_id: string; count: number; robots: number; rows: number; bytes: number; uniques: number; is_demo: number }>(db(),
      sql`SELECT consumer_department_id, count, robots, rows, bytes, uniques, is_demo FROM usage_daily WHERE day = ${day} AND dataset_pk = ${pk} AND kind = ${kind} ORDER BY consumer_department_id`);

  beforeAll(async () => {
    for (const [id, code, zh] of [['transport', 'JT', '交通运输局'], ['health', 'WS', '卫生健康委'], ['ndrc', 'FG', '发展改革委']])
      await execute(db(), sql`INSERT INTO departments (id, code, name_zh, name_en, position) VALUES (${id}, ${code}, ${zh}, ${id}, 0)`);
    await execute(db(), sql`INSERT INTO themes (id, name_zh, name_en, position) VALUES ('city', '城市', 'City', 0)`);
    for (const [pk, id, zh, dept] of [[1, 'bus-stops', '公交站点', 'transport'], [2, 'clinics', '社区诊所', 'health'], [3, 'unused', '无人问津', 'ndrc']] as const)
      await execute(db(), sql`INSERT INTO datasets (pk, id, code, title_zh, title_en, summary_zh, summary_en, department_id, theme_id, open_type, update_frequency,
        license, keywords, keywords_en, spatial, related_codes, schema, created_at, updated_at)
        VALUES (${pk}, ${id}, ${`C-${pk}`}, ${zh}, ${id}, '', '', ${dept}, 'city', 'open', 'monthly', 'CC-BY-4.0', '[]', '[]', '上海', '[]', '[]', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`);
  });

  it('backfills unique consumers of events older than them once, adding each first use to the rollup of its department', async () => {
    expect(await backfillUniqueConsumers(db())).toBe(0); // no events at all
    // As the recorder wrote them before unique figures existed: no unique_consumer, rollups without uniques.
    for (const [ts, department, robot] of [['2026-09-01T08:00:00Z', null, 0], ['2026-09-01T09:00:00Z', 'ndrc', 0], ['2026-09-01T10:00:00Z', null, 1]] as const)
      await execute(db(), sql`INSERT INTO usage_events (ts, kind, dataset_pk, version, format, owner_department_id, consumer_department_id, consumer_hash, is_robot, status, bytes, is_demo)
        VALUES (${ts}, 'download', 1, 1, 'csv', 'transport', ${department}, 'h:old', ${robot}, 200, 10, 0)`);
    await execute(db(), sql`INSERT INTO usage_daily (day, dataset_pk, kind, consumer_department_id, count, robots, rows, bytes, uniques, is_demo)
      VALUES ('2026-09-01', 1, 'download', '', 1, 1, 0, 10, 0, 0), ('2026-09-01', 1, 'download', 'ndrc', 1, 0, 0, 10, 0, 0)`);
    expect(await backfillUniqueConsumers(db())).toBe(3);
    expect((await daily('2026-09-01', 1, 'download')).map((r) => [r.consumer_department_id, r.uniques])).toEqual([['', 1], ['ndrc', 0]]);
    expect(await rowsOf(db(), sql`SELECT day, dataset_pk, kind, consumer FROM usage_unique`)).toEqual([{ day: '2026-09-01', dataset_pk: 1, kind: 'download', consumer: 'h:old' }]);
    expect(await backfillUniqueConsumers(db())).toBe(0);
  });

  it('writes events with their rollups; a consumer whose uses reach two nodes at once counts once', async () => {
    const before = await lastEventId(db());
    expect(before).toBe(3);
    const nodeA = createUsageWriter(db());
    const nodeB = createUsageWriter(db());
    expect(nodeA.isOpen()).toBe(true);
    await Promise.all([
      nodeA.write([
        event({ ts: '2026-11-30T01:00:00.000Z', kind: 'download', datasetPk: 1, consumerHash: 'a:x', bytes: bigBytes }),
        event({ ts: '2026-11-30T01:30:00.000Z', kind: 'download', datasetPk: 1, consumerHash: 'a:robot', isRobot: true }),
        event({ ts: '2026-11-30T03:00:00.000Z', kind: 'api', datasetPk: 1, consumerHash: 'k:k1', keyId: 'k1', consumerDepartmentId: 'ndrc', rows: 50, bytes: bigBytes }),
        event({ ts: '2026-11-29T03:00:00.000Z', kind: 'api', datasetPk: 2, consumerHash: 'k:k1', keyId: 'k1', consumerDepartmentId: 'ndrc', rows: 7, bytes: 700 }),
      ]),
      nodeB.write([
        event({ ts: '2026-11-30T02:00:00.000Z', kind: 'download', datasetPk: 1, consumerHash: 'a:x' }),
        event({ ts: '2026-11-30T03:01:00.000Z', kind: 'api', datasetPk: 1, consumerHash: 'k:k1', keyId: 'k1', status: 400, bytes: 300 }),
        event({ ts: '2026-11-30T04:00:00.000Z', kind: 'api', datasetPk: 1, consumerHash: 'k:B-key', keyId: 'B-key', rows: 1, bytes: 10 }),
        event({ ts: '2026-10-15T04:00:00.000Z', kind: 'delivery', datasetPk: 2, consumerHash: 'd:transport', consumerDepartmentId: 'transport', format: 'csv' }),
        // An error: recorded, in no figure; its text as written, whatever the characters.
        event({ ts: '2026-11-30T04:30:00.000Z', kind: 'view', datasetPk: 3, consumerHash: odd, format: null, status: 500, bytes: null, ms: null }),
      ]),
    ]);
    expect(await nodeB.tryWrite([event({ ts: '2026-11-30T05:00:00.000Z', kind: 'download', datasetPk: 2, consumerHash: 'u:1', userId: 'u1', consumerDepartmentId: 'health' })])).toBe(true);
    expect(await nodeA.tryWrite([])).toBe(true);
    expect(await lastEventId(db())).toBe(before + 10);
    expect(await rowsOf(db(), sql`SELECT consumer_hash, unique_consumer, bytes, ms, version FROM usage_events WHERE status = 500`)).toEqual([{ consumer_hash: odd, unique_consumer: odd, bytes: null, ms: null, version: 1 }]);
    expect(await daily('2026-11-30', 1, 'download')).toEqual([{ consumer_department_id: '', count: 2, robots: 1, rows: 0, bytes: bigBytes + 1000, uniques: 1, is_demo: 0 }]);
    expect(await daily('2026-11-30', 1, 'api')).toEqual([
      { consumer_department_id: '', count: 1, robots: 0, rows: 1, bytes: 10, uniques: 1, is_demo: 0 },
      { consumer_department_id: 'ndrc', count: 1, robots: 0, rows: 50, bytes: bigBytes, uniques: 1, is_demo: 0 },
    ]);
  });

  it('answers a key holder\'s calls per key and day, errors apart, ids in byte order', async () => {
    expect(await selectKeyDays(db(), ['k1', 'B-key', 'k-none'], '2026-11-29T00:00:00.000Z', '2026-12-01T00:00:00.000Z')).toEqual([
      { key_id: 'B-key', day: '2026-11-30', calls: 1, errors: 0, rows: 1, bytes: 10 },
      { key_id: 'k1', day: '2026-11-29', calls: 1, errors: 0, rows: 7, bytes: 700 },
      { key_id: 'k1', day: '2026-11-30', calls: 1, errors: 1, rows: 50, bytes: bigBytes },
    ]);
    expect(await selectKeyDays(db(), ['k1'], '2026-11-30T00:00:00.000Z', '2026-11-30T03:00:00.000Z')).toEqual([]); // end excluded
    expect(await selectKeyDays(db(), [], '2026-01-01', '2027-01-01')).toEqual([]);
  });

  it('reports totals, unique figures and shares as numbers, and new figures once usage is written', async () => {
    const r = reads();
    const autumn = toRange('2026-10-01', '2026-11-30');
    expect(await selectTotals(r, autumn)).toEqual({ downloads: 3, api_calls: 3, deliveries: 1, shares: 3, unique_downloads: 2, unique_api_calls: 3, unique_shares: 3 });
    expect((await selectTotals(r)).downloads).toBe(5); // September's backfilled downloads too
    expect(await selectFirstDay(r)).toBe('2026-09-01');
    await createUsageWriter(db()).write([event({ ts: '2026-11-30T06:00:00.000Z', kind: 'download', datasetPk: 2, consumerHash: 'a:y', consumerDepartmentId: 'ndrc' })]);
    expect(await selectTotals(r, autumn)).toMatchObject({ downloads: 4, shares: 4, unique_downloads: 3, unique_shares: 4 });
  });

  it('reports series by day and month, per dataset and per owner department', async () => {
    const r = reads();
    const months = await selectSeries(r, toRange('2026-09-01', '2026-11-30'), 'month');
    expect(months.map((p) => [p.period, p.downloads, p.api_calls, p.deliveries, p.robots])).toEqual([['2026-09', 2, 0, 0, 1], ['2026-10', 0, 0, 1, 0], ['2026-11', 4, 3, 0, 1]]);
    const days = await selectSeries(r, toRange('2026-11-29', '2026-11-30'), 'day', { datasetPk: 1 });
    expect(days).toEqual([{ period: '2026-11-30', downloads: 2, api_calls: 2, deliveries: 0, shares: 1, unique_downloads: 1, unique_api_calls: 2, unique_shares: 1, robots: 1 }]);
    const health = await selectSeries(r, toRange('2026-11-29', '2026-11-30'), 'day', { departmentId: 'health' });
    expect(health.map((p) => [p.period, p.downloads, p.api_calls, p.shares])).toEqual([['2026-11-29', 0, 1, 1], ['2026-11-30', 2, 0, 1]]);
  });

  it('reports each department\'s use and who used whose data, in byte order of ids', async () => {
    const r = reads();
    const autumn = toRange('2026-10-01', '2026-11-30');
    const departments = (await selectDepartmentUsage(r, autumn)).sort((a, b) => (a.department_id < b.department_id ? -1 : 1));
    expect(departments).toEqual([
      { department_id: 'health', downloads: 2, api_calls: 1, deliveries: 1, shares: 3, unique_downloads: 2, unique_api_calls: 1, unique_shares: 3, consumer_departments: 2 },
      { department_id: 'transport', downloads: 2, api_calls: 2, deliveries: 0, shares: 1, unique_downloads: 1, unique_api_calls: 2, unique_shares: 1, consumer_departments: 1 },
    ]);
    expect(await selectConsumerShares(r, autumn)).toEqual([
      { owner_department_id: 'health', consumer_department_id: 'ndrc', shares: 2 },
      { owner_department_id: 'health', consumer_department_id: 'transport', shares: 1 },
      { owner_department_id: 'transport', consumer_department_id: 'ndrc', shares: 1 },
    ]);
    expect(await selectConsumerShares(r, autumn, 'transport')).toEqual([{ owner_department_id: 'transport', consumer_department_id: 'ndrc', shares: 1 }]);
  });

  it('lists the most used datasets first, unused ones left out, within a limit and a department', async () => {
    const r = reads();
    const autumn = toRange('2026-10-01', '2026-11-30');
    const top = await selectTopDatasets(r, autumn, 10);
    expect(top.map((d) => [d.pk, d.id, d.title_zh, d.department_id, d.downloads, d.api_calls, d.shares, d.unique_shares])).toEqual([
      [1, 'bus-stops', '公交站点', 'transport', 2, 2, 1, 1],
      [2, 'clinics', '社区诊所', 'health', 2, 1, 3, 3],
    ]);
    expect((await selectTopDatasets(r, autumn, 1)).map((d) => d.id)).toEqual(['bus-stops']);
    expect((await selectTopDatasets(r, autumn, 10, 'health')).map((d) => d.id)).toEqual(['clinics']);
    expect(await selectTopDatasets(r, toRange('2027-01-01', '2027-01-31'), 10)).toEqual([]);
  });

  it('bulk-loads demo events and rollups: a day stays demo only while all its uses are', async () => {
    expect(await hasDemoUsage(db())).toBe(false);
    const writer = createUsageWriter(db());
    await writer.insertEvents([event({ ts: '2026-08-01T00:00:00.000Z', kind: 'download', datasetPk: 1, consumerHash: 'a:demo', isDemo: true })]);
    expect(await hasDemoUsage(db())).toBe(true);
    const rollup = { datasetPk: 1, kind: 'download', consumer: '', count: 1, robots: 0, rows: 0, bytes: 1000, uniques: 1, isDemo: true };
    await writer.upsertRollups([{ ...rollup, day: '2026-08-01' }, { ...rollup, day: '2026-11-30' }]);
    expect((await daily('2026-08-01', 1, 'download'))[0]).toMatchObject({ count: 1, uniques: 1, is_demo: 1 });
    expect((await daily('2026-11-30', 1, 'download'))[0]).toMatchObject({ count: 3, robots: 1, uniques: 2, is_demo: 0 });
  });
});
