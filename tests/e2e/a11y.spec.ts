import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';

type Summary = { data: { id: string; open_type: string }[] };

async function seriousViolations(page: import('@playwright/test').Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ rule: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
}

test('axe finds no serious or critical violation on the home, search and dataset pages', async ({ page, request }) => {
  const search = (await (await request.get(`/api/v1/datasets?q=${encodeURIComponent('公交')}&limit=20`)).json()) as Summary;
  const dataset = search.data.find((d) => d.open_type === 'open') ?? search.data[0]!;
  const pages = ['/', `/datasets?q=${encodeURIComponent('公交')}`, `/datasets/${dataset.id}`, `/en/datasets/${dataset.id}`];
  for (const url of pages) {
    await page.goto(url);
    expect(await seriousViolations(page), url).toEqual([]);
  }
});
