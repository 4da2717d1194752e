import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

async function examplesOf(path: string) {
  const res = await t.app.request(path);
  expect(res.status, path).toBe(200);
  const page = await res.text();
  const code = (id: string) => {
    const m = page.match(new RegExp(`<code id="api-code-${id}">([\\s\\S]*?)</code>`));
    expect(m, `${path}: ${id} example`).not.toBeNull();
    return unescape(m![1]!);
  };
  const section = page.match(/<section id="api"[\s\S]*?<\/section>/)?.[0] ?? '';
  return { page, section, curl: code('curl'), python: code('python'), pandas: code('pandas'), js: code('javascript') };
}

/** The URL the curl example calls. */
const curlUrl = (curl: string) => new URL(curl.match(/"(https?:\/\/[^"]+)"/)![1]!);

type Page = { data: Record<string, unknown>[]; total: number };

describe('the API examples on a dataset page', () => {
  it('call this dataset\'s records with a filter on a real value: run as written, they return rows that match it', async () => {
    const open = t.catalog.datasets.filter((d) => d.open_type === 'open');
    expect(open.length).toBeGreaterThan(3);
    for (const d of open) {
      const ex = await examplesOf(`/datasets/${d.id}`);
      const url = curlUrl(ex.curl);
      expect(url.pathname, d.id).toBe(`/api/v1/datasets/${d.id}/records`);
      const filters = [...url.searchParams].filter(([name]) => name !== 'limit');
      expect(filters, d.id).toHaveLength(1);
      const [param, value] = filters[0]!;
      expect(value, d.id).not.toBe('VALUE');
      // The same call in the other languages.
      expect(ex.python).toContain(`"${url.origin}${url.pathname}"`);
      expect(ex.python).toContain(`${JSON.stringify(param)}: ${JSON.stringify(value)}`);
      expect(ex.js).toContain(`url.searchParams.set(${JSON.stringify(param)}, ${JSON.stringify(value)})`);
      expect(ex.pandas).toContain(`pd.read_csv("${url.origin}/api/v1/datasets/${d.id}/data.csv"`);
      // An open dataset needs no key: the curl command as written, without one, answers rows matching the filter.
      expect(ex.curl).not.toContain('X-API-Key');
      const res = await t.app.request(url.pathname + url.search);
      expect(res.status, `${d.id}: ${url.pathname}${url.search}`).toBe(200);
      const body = (await res.json()) as Page;
      expect(body.data.length, `${d.id}: ${param}=${value}`).toBeGreaterThanOrEqual(1);
      const field = param.replace(/__exact$/, '');
      for (const row of body.data) expect(String(row[field]), d.id).toBe(value);
      // The pandas example's CSV URL leads to the latest file.
      const csv = await t.app.request(`/api/v1/datasets/${d.id}/data.csv`);
      expect(csv.status, d.id).toBe(307);
    }
  });

  it('are there in English too, with the copy buttons hidden until the script runs and a live region to say "copied"', async () => {
    const d = t.catalog.datasets.find((x) => x.open_type === 'open')!;
    const ex = await examplesOf(`/en/datasets/${d.id}`);
    expect(ex.section).toContain('API examples');
    const buttons = ex.section.match(/<button[^>]*class="button-secondary copy-code"[^>]*>/g) ?? [];
    expect(buttons).toHaveLength(4);
    for (const b of buttons) expect(b).toMatch(/\shidden(=""|\s|>)/);
    expect(ex.section).toMatch(/role="status" aria-live="polite"/);
    const page = await (await t.app.request(`/en/datasets/${d.id}`)).text();
    const src = page.match(/<script src="(\/static\/copy-code\.js\?v=[^"]+)"/)?.[1];
    expect(src).toBeDefined();
    const script = await t.app.request(src!);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
  });

  it('for a conditional dataset, say a key with a grant is needed and how to apply, and show no file URL', async () => {
    const d = t.catalog.datasets.find((x) => x.open_type === 'conditional')!;
    const ex = await examplesOf(`/datasets/${d.id}`);
    expect(ex.section).toContain('需要已获授权的 API 密钥');
    expect(ex.section).toContain(`/demand/cart/add?dataset=${d.id}`);
    expect(ex.section).toContain('href="/developer"');
    for (const code of [ex.curl, ex.python, ex.pandas, ex.js]) expect(code).toContain('YOUR_API_KEY');
    expect(ex.section).not.toContain('/data.csv');
    // Without the key the call is refused with the reason, as the examples say.
    const url = curlUrl(ex.curl);
    const res = await t.app.request(url.pathname + url.search);
    expect(res.status).toBe(401);
  });
});
