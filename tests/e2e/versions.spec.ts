import { expect, test } from '@playwright/test';

type Summary = { id: string; open_type: string; records: number };
type Detail = { versions: { n: number }[] };

test('a multi-version dataset lists its versions with a CSV download that answers 200', async ({ page, request }) => {
  const list = (await (await request.get('/api/v1/datasets?limit=1000&sort=records')).json()) as { data: Summary[] };
  let target: string | undefined;
  for (const d of list.data.filter((x) => x.open_type === 'open')) {
    const detail = (await (await request.get(`/api/v1/datasets/${d.id}`)).json()) as Detail;
    if (detail.versions.length >= 2) {
      target = d.id;
      break;
    }
  }
  expect(target, 'the seeded catalog has an open dataset with two or more versions').toBeDefined();

  await page.goto(`/datasets/${target}`);
  const versions = page.locator('ol.versions > li');
  expect(await versions.count()).toBeGreaterThanOrEqual(2);
  await expect(versions.first().locator('time')).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);

  const csv = versions.first().getByRole('link', { name: /^下载第 \d+ 版：\s*CSV(\s|$)/ });
  const href = await csv.getAttribute('href');
  expect(href).toMatch(new RegExp(`^/api/v1/datasets/${target}/versions/\\d+/data\\.csv$`));
  await expect(versions.first().getByRole('link', { name: /Excel 用 CSV/ })).toHaveAttribute('href', `${href}?bom=1`);

  const res = await request.get(href!);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toMatch(/^text\/csv/);
  expect((await res.text()).split('\r\n').length).toBeGreaterThan(1);
});
