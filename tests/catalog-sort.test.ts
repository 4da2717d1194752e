import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';

// A leading `-` means descending, in the catalog as in the records API (issue 12, "Consistent sorts").
type Summary = { id: string; title_zh: string; records: number; updated_at: string };
let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function list(sort: string): Promise<Summary[]> {
  const res = await t.app.request(`/api/v1/datasets?limit=1000&sort=${encodeURIComponent(sort)}`);
  expect(res.status, sort).toBe(200);
  return ((await res.json()) as { data: Summary[] }).data;
}

const isAscending = <T>(xs: T[]) => xs.every((x, i) => i === 0 || xs[i - 1]! <= x);
const unescape = (s: string) => s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'");

describe('catalog sorts: a key ascends, -key descends', () => {
  it('-records gives the most records first, records the fewest', async () => {
    const most = (await list('-records')).map((d) => d.records);
    const fewest = (await list('records')).map((d) => d.records);
    expect(new Set(most).size).toBeGreaterThan(3);
    expect(most[0]).toBe(Math.max(...most));
    expect(isAscending([...most].reverse())).toBe(true);
    expect(fewest[0]).toBe(Math.min(...fewest));
    expect(isAscending(fewest)).toBe(true);
  });

  it('-updated gives the newest first, updated the oldest; title is A–Z and -title Z–A', async () => {
    const newest = (await list('-updated')).map((d) => d.updated_at);
    expect(new Set(newest).size).toBeGreaterThan(1);
    expect(isAscending([...newest].reverse())).toBe(true);
    expect(isAscending((await list('updated')).map((d) => d.updated_at))).toBe(true);
    const az = (await list('title')).map((d) => d.title_zh);
    expect(isAscending(az)).toBe(true);
    expect((await list('-title')).map((d) => d.title_zh)).toEqual([...az].reverse());
  });

  it('relevance (the default) is newest first without q, and has no reverse', async () => {
    expect((await list('relevance')).map((d) => d.id)).toEqual((await list('-updated')).map((d) => d.id));
    const res = await t.app.request('/api/v1/datasets?sort=-relevance');
    expect(res.status).toBe(400);
  });

  it('a cursor walk under -records keeps the descending order across pages', async () => {
    const seen: number[] = [];
    let url: string | null = '/api/v1/datasets?limit=3&sort=-records';
    while (url) {
      const body = (await (await t.app.request(url)).json()) as { data: Summary[]; next_cursor: string | null };
      seen.push(...body.data.map((d) => d.records));
      url = body.next_cursor ? `/api/v1/datasets?limit=3&sort=-records&cursor=${encodeURIComponent(body.next_cursor)}` : null;
    }
    expect(seen).toEqual((await list('-records')).map((d) => d.records));
  });

  it('the catalog page offers "Most records" and "Recently updated" with the descending values, and lists in that order', async () => {
    const page = await (await t.app.request('/en/datasets?sort=-records')).text();
    const options = Object.fromEntries([...page.matchAll(/<option value="([^"]+)"[^>]*>([^<]+)<\/option>/g)].map((m) => [m[2]!.trim(), m[1]!]));
    expect(options['Most records']).toBe('-records');
    expect(options['Fewest records']).toBe('records');
    expect(options['Recently updated']).toBe('-updated');
    expect(options['Least recently updated']).toBe('updated');
    expect(page).toMatch(/<option value="-records" selected/);
    const cards = [...page.matchAll(/<h3 class="card-title"><a href="\/en\/datasets\/([^"]+)"/g)].map((m) => m[1]);
    expect(cards).toEqual((await list('-records')).slice(0, cards.length).map((d) => d.id));
    const zh = await (await t.app.request('/datasets')).text();
    expect(zh).toMatch(/<option value="-records"[^>]*>数据量从多到少<\/option>/);
    expect(zh).toMatch(/<option value="-updated"[^>]*>最近更新<\/option>/);
  });

  it('the home page links "all datasets" to the newest first', async () => {
    const home = unescape(await (await t.app.request('/en')).text());
    expect(home).toContain('href="/en/datasets?sort=-updated"');
  });
});
