// A records page whose filter keeps a few hundred rows, sorted on a column that rises with the filtered one
// (salary_min >= x, sorted by salary_max): the matching rows sit at the end of the sort order, so walking the sort
// column's index until a page is found reads nearly the whole table. PostgreSQL's planner, which does not know the
// two columns go together, chose that walk (6 ms, 18,000 rows read for 871 matches); the exact total decides the
// access path on both engines (src/records/records.access-path.ts), and the matches are read and sorted instead.
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

type Page = { data: { post_id: string; salary_max: number }[]; total: number };
const get = async (query: string) => {
  const res = await t.app.request(`/api/v1/datasets/${id}/versions/1/records?${query}`, { headers });
  expect(res.status).toBe(200);
  return (await res.json()) as Page;
};
const median = async (query: string, runs = 21) => {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await get(query);
    ms.push(performance.now() - t0);
  }
  return ms.sort((a, b) => a - b)[runs >> 1]!;
};

describe('records page of a few hundred matches sorted by a correlated column', () => {
  it('answers the right page as fast as a page found through an index', async () => {
    const salaries = (await queryValues(t.db, `SELECT salary_min FROM "${table}" ORDER BY salary_min DESC`)) as number[];
    const floor = salaries[700]!;
    // The two columns go together: the matches hold the table's highest salary_max values.
    const matchesMax = (await queryValue(t.db, `SELECT AVG(salary_max) FROM "${table}" WHERE salary_min >= ?`, floor)) as number;
    const allMax = (await queryValue(t.db, `SELECT AVG(salary_max) FROM "${table}"`)) as number;
    expect(Number(matchesMax)).toBeGreaterThan(Number(allMax) * 1.5);

    const page = await get(`salary_min__gte=${floor}&sort=salary_max&limit=100`);
    const expected = (await queryValues(t.db, `SELECT post_id FROM "${table}" WHERE salary_min >= ? ORDER BY salary_max, _rowid LIMIT 100`, floor)) as string[];
    expect(page.total).toBeGreaterThan(500);
    expect(page.total).toBeLessThan(2000);
    expect(page.data.map((r) => r.post_id)).toEqual(expected);

    const onePostId = (await queryValue(t.db, `SELECT post_id FROM "${table}" LIMIT 1 OFFSET 777`)) as string;
    const reference = await median(`post_id=${onePostId}&sort=salary_max&limit=100`);
    const correlated = await median(`salary_min__gte=${floor}&sort=salary_max&limit=100`);
    expect(correlated).toBeLessThan(reference * 2.5 + 1);
  });
});
