import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';
import { form, get, ok, person, send, type Person } from './demand.helpers.js';
import { queryRows, queryValue } from './support/db-query.js';
import { asSqlite } from '../src/db/connection.js';
import { testEngine } from './support/pg-test-database.js';
import { generateRows } from '../datasets/generate.js';
import type { DatasetManifest } from '../datasets/schema.js';
import { publishVersion } from '../src/versions/publish/publish.service.js';
import { repairVersions, checkVersions } from '../src/versions/index.js';
import { runMonitor, monitoringIndicators, departmentWarningFigures } from '../src/monitoring/index.js';
import { parsePeriod } from '../src/usage/index.js';

// The monitoring loop (issue 19): monitor, warn, rectify, re-check, on both engines, through the real checks, the
// real publish path and the real HTTP API.

let t: Awaited<ReturnType<typeof createTestApp>>;
let tmp: string;
let reviewer: Person;
const dayMs = 86_400_000;
/** The moved clock: a year and more after the newest version, so every dataset with a declared frequency is overdue. */
let T0: Date;

type Warning = { id: number; kind: string; status: string; dataset: { id: string }; department_id: string; finding: Record<string, any>; due_at: string; closed_at: string | null; explanation: string | null; events: { type: string; note: string | null }[] };

beforeAll(async () => {
  t = await createTestApp();
  tmp = fs.mkdtempSync(path.join(t.dataDir, 'uploads-'));
  reviewer = await person(t, 'reviewer', null);
  T0 = new Date(Date.parse((await queryValue<string>(t.db, 'SELECT MAX(published_at) FROM versions'))!) + 400 * dayMs);
});
afterAll(() => t.close());

const regular = () => t.catalog.datasets.filter((d) => d.update_frequency !== 'irregular' && d.rows < 3000);
const publisherOf = (ds: DatasetManifest) => person(t, 'publisher', ds.department);
const warningsOf = async (who: Person, ds: DatasetManifest, kind: string) =>
  (await ok<{ data: Warning[] }>(get(t, who, `/api/v1/warnings?kind=${kind}`))).data.filter((w) => w.dataset.id === ds.id);
const monitor = (now: Date) => runMonitor(t.deps, { now, sha256: true });

function csv(ds: DatasetManifest, rows: Record<string, unknown>[]): string {
  const file = path.join(tmp, `${ds.id}-${Math.random().toString(36).slice(2)}.csv`);
  fs.writeFileSync(file, Papa.unparse({ fields: ds.fields.map((f) => f.name), data: rows.map((r) => ds.fields.map((f) => r[f.name] ?? '')) }, { newline: '\r\n' }));
  return file;
}
async function publishAt(ds: DatasetManifest, at: Date, rows = generateRows(ds, ds.versions.at(-1)!.n), schema?: unknown) {
  const real = t.deps.now;
  t.deps.now = () => at;
  try {
    const published = await publishVersion(t.deps, { datasetId: ds.id, filePath: csv(ds, rows), changeNote: 'monitoring test', publishedBy: null, schema });
    await t.deps.workers.background.settled(); // its quality profile, computed after the answer
    return published;
  } finally {
    t.deps.now = real;
  }
}

describe('the monitoring loop', () => {
  it('opens one warning for a dataset made overdue by the clock, tells its publishers, never a second; a publish closes it at the next check', async () => {
    const ds = regular()[0]!;
    const publisher = await publisherOf(ds);
    const at = T0;
    const first = await monitor(at);
    expect(first.opened).toBeGreaterThan(0);
    let [w, ...more] = await warningsOf(publisher, ds, 'punctuality');
    expect(more).toEqual([]);
    expect(w).toMatchObject({ status: 'open', department_id: ds.department, finding: { update_frequency: ds.update_frequency } });
    expect(w!.events.map((e) => e.type)).toEqual(['opened', 'notified']);
    expect(Date.parse(w!.due_at)).toBeGreaterThan(at.getTime() + 5 * dayMs); // 5 working days: a week at least
    const inbox = (await ok<{ data: { message: string; link: string | null }[] }>(get(t, publisher, '/api/v1/me/notifications'))).data;
    expect(inbox.some((n) => n.message.includes('预警') && n.link === '/console/warnings')).toBe(true);

    const second = await monitor(new Date(at.getTime() + 3600_000));
    expect(second.opened).toBe(0);
    expect(await warningsOf(publisher, ds, 'punctuality')).toHaveLength(1);
    expect((await queryValue<number>(t.db, "SELECT COUNT(*) FROM warnings w JOIN datasets d ON d.pk = w.dataset_pk WHERE d.id = ? AND w.kind = 'punctuality'", ds.id))).toBe(1);

    const fixedAt = new Date(at.getTime() + 2 * dayMs);
    await publishAt(ds, fixedAt);
    await monitor(new Date(fixedAt.getTime() + 3600_000));
    [w] = await warningsOf(publisher, ds, 'punctuality');
    expect(w).toMatchObject({ status: 'closed' });
    expect(w!.events.map((e) => e.type)).toEqual(['opened', 'notified', 'rechecked_still_present', 'closed']);
    expect(Date.parse(w!.closed_at!)).toBeLessThanOrEqual(Date.parse(w!.due_at));
  });

  it('closes a warning whose explanation a reviewer accepts; another department cannot explain it, nor see it', async () => {
    const real = t.deps.now;
    t.deps.now = () => new Date(T0.getTime() + 3600_000); // the department answers after the warning was opened
    try {
    const ds = regular()[2]!;
    const publisher = await publisherOf(ds);
    const reviewer = await person(t, 'reviewer', null);
    const otherDepartment = (await queryValue<string>(t.db, 'SELECT id FROM departments WHERE id <> ? ORDER BY id LIMIT 1', ds.department))!;
    const stranger = await person(t, 'publisher', otherDepartment);
    const [w] = await warningsOf(publisher, ds, 'punctuality'); // opened by the first round, at T0
    expect(w!.status).toBe('open');
    expect(await warningsOf(stranger, ds, 'punctuality')).toEqual([]);
    expect((await send(t, stranger, 'GET', `/api/v1/warnings?department=${ds.department}`)).status).toBe(403);
    const refused = await send(t, stranger, 'POST', `/api/v1/warnings/${w!.id}/explanation`, { explanation: '不是我们的数据' });
    expect(refused.status).toBe(403);
    expect((await send(t, publisher, 'POST', `/api/v1/warnings/${w!.id}/review`, { decision: 'accept' })).status).toBe(403);

    const explained = await ok<Warning>(send(t, publisher, 'POST', `/api/v1/warnings/${w!.id}/explanation`, { explanation: '该数据集已停止更新，更新周期将改为不定期' }));
    expect(explained).toMatchObject({ status: 'rectifying', explanation: '该数据集已停止更新，更新周期将改为不定期' });
    const toReview = (await ok<{ data: Warning[] }>(get(t, reviewer, '/api/v1/warnings?status=rectifying'))).data;
    expect(toReview.map((x) => x.id)).toContain(w!.id);
    const accepted = await ok<Warning>(send(t, reviewer, 'POST', `/api/v1/warnings/${w!.id}/review`, { decision: 'accept' }));
    expect(accepted.status).toBe('closed');
    expect(accepted.events.map((e) => e.type).filter((x) => x !== 'rechecked_still_present')).toEqual(['opened', 'notified', 'explained', 'explanation_accepted', 'closed']);
    expect((await send(t, publisher, 'POST', `/api/v1/warnings/${w!.id}/explanation`, { explanation: 'again' })).status).toBe(409);
    } finally {
      t.deps.now = real;
    }
  });

  it('escalates a warning past its due date to the reviewers (event and notification)', async () => {
    const ds = regular()[1]!;
    const publisher = await publisherOf(ds);
    await monitor(new Date(T0.getTime() + 3 * 3600_000));
    const [w] = await warningsOf(publisher, ds, 'punctuality');
    expect(w!.status).toBe('open');
    await monitor(new Date(Date.parse(w!.due_at) + 3600_000));
    const [late] = await warningsOf(reviewer, ds, 'punctuality');
    expect(late).toMatchObject({ id: w!.id, status: 'escalated' });
    expect(late!.events.map((e) => e.type)).toContain('escalated');
    const inbox = (await ok<{ data: { message: string; link: string | null }[] }>(get(t, reviewer, '/api/v1/me/notifications'))).data;
    expect(inbox.some((n) => n.message.startsWith('预警逾期未整改') && n.message.includes(ds.title_zh) && n.link === '/reviewer/warnings')).toBe(true);
    // Escalated once: a later round does not tell the reviewers again.
    await monitor(new Date(Date.parse(w!.due_at) + 2 * dayMs));
    const [again] = await warningsOf(reviewer, ds, 'punctuality');
    expect(again!.events.filter((e) => e.type === 'escalated')).toHaveLength(1);
  });

  it('works from the pages without JavaScript: the console lists the warning with its evidence and takes an explanation, the reviewer accepts it', async () => {
    const ds = regular()[4]!;
    const publisher = await publisherOf(ds);
    const [w] = await warningsOf(publisher, ds, 'punctuality'); // opened at T0, escalated since
    const page = await (await get(t, publisher, '/console/warnings')).text();
    expect(page).toContain(ds.title_zh);
    expect(page).toContain('整改期限');
    expect(page).toContain(`action="/console/warnings/${w!.id}/explanation"`);
    const stranger = await person(t, 'user', null);
    expect((await get(t, stranger, '/console/warnings')).status).toBe(403);
    expect((await get(t, publisher, '/reviewer/warnings')).status).toBe(403);

    const posted = await form(t, publisher, `/en/console/warnings/${w!.id}/explanation`, { explanation: 'Data collection moved to another bureau' });
    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).toBe('/en/console/warnings?done=explained');
    const review = await (await get(t, reviewer, '/en/reviewer/warnings')).text();
    expect(review).toContain('Explanations to review');
    expect(review).toContain('Data collection moved to another bureau');
    const accepted = await form(t, reviewer, `/reviewer/warnings/${w!.id}/review`, { decision: 'accept', note: '' });
    expect(accepted.headers.get('location')).toBe('/reviewer/warnings?done=accepted');
    expect((await warningsOf(publisher, ds, 'punctuality'))[0]).toMatchObject({ id: w!.id, status: 'closed' });
  });

  it('reports a deleted artifact file as an integrity warning, closed once `check --repair` rebuilt the file', async () => {
    const ds = regular()[3]!;
    const publisher = await publisherOf(ds);
    const v = await publishAt(ds, new Date());
    const csvFile = path.join(t.deps.filesDir, v.artifacts.csv!.path);
    fs.rmSync(csvFile);
    await monitor(new Date());
    const [w] = await warningsOf(publisher, ds, 'integrity');
    expect(w!.status).toBe('open');
    expect(JSON.stringify(w!.finding.problems)).toContain(`v${v.n}: csv file`);
    const report = await repairVersions(t.deps, await checkVersions(t.deps));
    expect(report.failed).toEqual([]);
    expect(fs.existsSync(csvFile)).toBe(true);
    await monitor(new Date());
    expect((await warningsOf(publisher, ds, 'integrity'))[0]).toMatchObject({ id: w!.id, status: 'closed' });
  });

  it('opens a quality warning for values outside a range introduced by a schema change, closed by a fixed version', async () => {
    const ds = regular().find((d) => d.fields.some((f) => (f.type === 'integer' || f.type === 'number') && !f.primary_key))!;
    const publisher = await publisherOf(ds);
    const field = ds.fields.find((f) => (f.type === 'integer' || f.type === 'number') && !f.primary_key)!;
    const rows = generateRows(ds, ds.versions.at(-1)!.n);
    const values = rows.map((r) => Number(r[field.name])).filter(Number.isFinite).sort((a, b) => a - b);
    const maximum = values[Math.floor(values.length / 2)]!;
    const schema = ds.fields.map((f) => (f.name === field.name ? { ...f, maximum } : f));
    await publishAt(ds, new Date(), rows, schema);
    await monitor(new Date());
    const [w] = await warningsOf(publisher, ds, 'quality');
    expect(w!.status).toBe('open');
    expect(w!.finding.fields).toEqual([expect.objectContaining({ field: field.name, finding: 'outsideRange', count: values.filter((x) => x > maximum).length })]);
    const fixed = rows.map((r) => (Number(r[field.name]) > maximum ? { ...r, [field.name]: maximum } : r));
    await publishAt(ds, new Date(), fixed, schema);
    await monitor(new Date());
    expect((await warningsOf(publisher, ds, 'quality'))[0]).toMatchObject({ id: w!.id, status: 'closed' });
  });

  it('counts warnings_rectified_on_time from the warnings, as its documented SQL does', async () => {
    const rows = await queryRows<{ department_id: string; due_at: string }>(t.db, 'SELECT department_id, due_at FROM warnings ORDER BY id');
    expect(rows.length).toBeGreaterThan(0);
    // The month most warnings fall due in (the clock was moved up to years ahead).
    const months = rows.map((r) => r.due_at.slice(0, 7));
    const label = months.sort((a, b) => months.filter((m) => m === b).length - months.filter((m) => m === a).length)[0]!;
    const period = parsePeriod(label, 'period', new Date(Math.max(...rows.map((r) => Date.parse(r.due_at))) + 40 * dayMs));
    const computed = await monitoringIndicators[0]!.compute(t.deps, period);
    const figures = await departmentWarningFigures(t.deps, period);
    expect([...figures.values()].some((f) => f.due > 0)).toBe(true);
    for (const [id, f] of figures) expect(computed.get(id)).toBe(f.rectified_on_time);
    if (testEngine !== 'postgres') {
      const raw = asSqlite(t.db).$client.prepare(monitoringIndicators[0]!.sql).all({ start: period.start, end: period.end, as_of: period.asOf }) as { department_id: string; value: number }[];
      for (const r of raw) expect(computed.get(r.department_id)).toBeCloseTo(r.value, 6);
      expect(raw.length).toBe([...computed.values()].filter((v) => v !== null).length);
    }

    // The monthly report's section: per department, warnings opened, closed on time and overdue.
    const real = t.deps.now;
    t.deps.now = () => new Date(Date.parse(period.end) + dayMs);
    try {
      const html = await (await get(t, await person(t, 'reviewer', null), `/api/v1/reports/monthly/${label}.html`)).text();
      const section = html.slice(html.indexOf('数据监测预警与整改'));
      expect(section).toContain('按期整改 closed on time');
      const busiest = [...figures.values()].sort((a, b) => b.overdue - a.overdue)[0]!;
      const name = (await queryValue<string>(t.db, 'SELECT name_zh FROM departments WHERE id = ?', busiest.department_id))!;
      const row = section.slice(section.indexOf(`<th scope="row">${name}</th>`)).split('</tr>')[0]!;
      expect([...row.matchAll(/<td class="num">(\d+)<\/td>/g)].map((m) => Number(m[1]))).toEqual([busiest.opened, busiest.closed_on_time, busiest.overdue]);
    } finally {
      t.deps.now = real;
    }
  });
});
