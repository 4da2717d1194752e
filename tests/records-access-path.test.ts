// How a records page reads its rows, chosen from the exact total (src/records/records.access-path.ts): the same
// records in the same order whatever the path, and a page of few matches sorted by an indexed field reads those
// matches, not the whole table in sort order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';
import { developer } from './records.helpers.js';
import { rowsTableName } from '../src/versions/rows/rows-table.js';
import { queryValue, queryValues } from './support/db-query.js';

const id = 'job-postings';
let t: Awaited<ReturnType<typeof createTestApp>>;
let headers: Record<string, string>;
let table: string;

beforeAll(async () => {
  t = await createTestApp({ datasets: [id] });
  headers = (await developer(t.app)).headers;
  table = rowsTableName((await queryValue(t.db, 'SELECT pk FROM datasets WHERE id = ?', id)) as number, 1);
});
afterAll(() => t.close());

type Page = { data: { post_id: string }[]; next_cursor: string | null; total: number };
const base = `/api/v1/datasets/${id}/versions/1/records`;
const get = async (query: string) => {
  const res = await t.app.request(`${base}?${query}`, { headers });
  expect(res.status).toBe(200);
  return (await res.json()) as Page;
};
const truth = async (where: string, order: string, params: unknown[]) =>
  (await queryValues(t.db, `SELECT post_id FROM "${table}" WHERE ${where} ORDER BY ${order}, _rowid`, ...params)) as string[];

async function walk(query: string, limit: number): Promise<{ ids: string[]; total: number }> {
  const ids: string[] = [];
  let cursor: string | null = null;
  let total = -1;
  do {
    const page: Page = await get(`${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    total = page.total;
    ids.push(...page.data.map((r) => r.post_id));
    cursor = page.next_cursor;
  } while (cursor);
  return { ids, total };
}

describe('records access paths', () => {
  it('pages few, some and many matches in the ground-truth order, for every kind of sort', async () => {
    const salaries = (await queryValues(t.db, `SELECT salary_min FROM "${table}" ORDER BY salary_min DESC`)) as number[];
    // ~30 matches (few: the matches are sorted), ~600 (still few: 600^2 < 101 * 20,000) and ~8000 (many: the sort order is walked).
    for (const floor of [salaries[30]!, salaries[600]!, salaries[8000]!]) {
      for (const [sort, order] of [['salary_max', 'salary_max'], ['-salary_max', 'salary_max DESC'], ['-publish_date', 'publish_date DESC'], ['', '_rowid'], ['-salary_min', 'salary_min DESC']] as const) {
        const expected = await truth('salary_min >= ?', order, [floor]);
        const got = await walk(`salary_min__gte=${floor}${sort ? `&sort=${sort}` : ''}`, expected.length > 1000 ? 1000 : 97);
        expect(got.total).toBe(expected.length);
        expect(got.ids).toEqual(expected);
      }
    }
    const district = (await queryValue(t.db, `SELECT district FROM "${table}" LIMIT 1`)) as string;
    const expected = await truth('district = ? AND headcount <= ?', 'salary_max DESC', [district, 2]);
    const got = await walk(`district=${encodeURIComponent(district)}&headcount__lte=2&sort=-salary_max`, 50);
    expect(got.ids).toEqual(expected);
  });

  it('reads only the matches of a page of few matches sorted by an indexed field, not the whole table', async () => {
    const top = (await queryValue(t.db, `SELECT salary_min FROM "${table}" ORDER BY salary_min DESC LIMIT 1 OFFSET 5`)) as number;
    const onePostId = (await queryValue(t.db, `SELECT post_id FROM "${table}" LIMIT 1 OFFSET 777`)) as string;
    const median = async (query: string) => {
      const ms: number[] = [];
      for (let i = 0; i < 15; i++) {
        const t0 = performance.now();
        await get(query);
        ms.push(performance.now() - t0);
      }
      return ms.sort((a, b) => a - b)[7]!;
    };
    // Both pages hold a handful of rows; walking salary_max's index to find them read all 20,000 rows (~5 ms).
    const reference = await median(`post_id=${onePostId}&sort=salary_max`);
    const few = await median(`salary_min__gte=${top}&sort=salary_max`);
    expect((await get(`salary_min__gte=${top}&sort=salary_max`)).total).toBeLessThan(20);
    expect(few).toBeLessThan(reference * 3 + 1);
  });

  it('reads the table in one pass when most rows match and no index gives the sort order', async () => {
    const low = (await queryValue(t.db, `SELECT MIN(salary_min) + 1 FROM "${table}"`)) as number;
    const median = async (query: string) => {
      const ms: number[] = [];
      for (let i = 0; i < 9; i++) {
        const t0 = performance.now();
        await get(query);
        ms.push(performance.now() - t0);
      }
      return ms.sort((a, b) => a - b)[4]!;
    };
    // Every row, sorted: one pass and a sort. Nearly every row through salary_min's index: 20,000 lookups (~8x).
    const reference = await median('sort=headcount');
    const most = await median(`salary_min__gte=${low}&sort=headcount`);
    expect((await get(`salary_min__gte=${low}&sort=headcount`)).total).toBeGreaterThan(15_000);
    expect(most).toBeLessThan(reference * 2 + 1);
  });
});
