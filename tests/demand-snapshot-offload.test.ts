// A delivery's file snapshot of a large version reads its rows as the records API's streams do (the app's one
// reader): a chunk that no index bounds (here a filter on unindexed fields matching few of 200,000 rows) is read by
// the query workers, one full scan each, so the serving thread never holds one. At this size a scan on the serving
// thread takes ~20 ms, so the stall bound below guards rather than tells the two apart (bench:stalls does at 10^6).
import { monitorEventLoopDelay } from 'node:perf_hooks';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';
import { get, ok, order, person, step, type Person, type TestApp } from './demand.helpers.js';
import { addVersion, millionRows, millionSchema } from './records-large.helpers.js';
import { rowsTableName } from '../src/versions/rows/rows-table.js';

const id = 'air-snapshot';
const rows = 200_000;
let t: TestApp;
let requester: Person;
let provider: Person;

beforeAll(async () => {
  t = await createTestApp({ datasets: [] });
  await addVersion(t, id, millionSchema, millionRows(rows));
  const owner = t.db.$client.prepare('SELECT department_id FROM datasets WHERE id = ?').pluck().get(id) as string;
  const other = t.catalog.departments.find((d) => d.id !== owner)!.id;
  requester = await person(t, 'publisher', other);
  provider = await person(t, 'publisher', owner);
}, 60_000);
afterAll(() => t.close());

describe('a snapshot of a large version', () => {
  it('holds exactly the filtered rows, in order, and the serving thread is never held for long', async () => {
    const filter = 'note__contains=校准'; // every 50th row: 4,000, several chunks
    const [o] = await order(t, requester, [{ dataset: id, filter, fields: ['id', 'so2', 'note'] }]);
    await ok(step(t, provider, o!.id, 'accept', { note: '同意' }));
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    const delivered = await ok(step(t, provider, o!.id, 'deliver'));
    delay.disable();
    const csv = delivered.deliveries.find((v: { format: string }) => v.format === 'csv');
    const detail = await ok(get(t, requester, `/api/v1/demands/${o!.id}`));
    const url = detail.deliveries.find((v: { id: string }) => v.id === csv.id).download_url;
    const parsed = Papa.parse<Record<string, string>>((await (await get(t, requester, url)).text()).trim(), { header: true });
    const pk = t.db.$client.prepare('SELECT pk FROM datasets WHERE id = ?').pluck().get(id) as number;
    const expected = t.db.$client.prepare(`SELECT id FROM ${rowsTableName(pk, 1)} WHERE note LIKE '%校准%' ORDER BY _rowid`).pluck().all();
    expect(parsed.data.map((r) => Number(r.id))).toEqual(expected);
    expect(expected.length).toBeGreaterThan(0);
    expect(delay.max / 1e6, 'longest stall of the serving thread (ms)').toBeLessThan(100);
  }, 60_000);
});
