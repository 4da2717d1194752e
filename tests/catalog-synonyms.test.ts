import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers.js';
import { defaultSynonymsFile } from '../src/catalog/search-synonyms.js';

// Search that forgives (issue 16): synonyms from an operator-editable file, short-word prefixes, and an empty
// result that suggests what to try. On both engines (the postgres pass runs this file again).

type App = Awaited<ReturnType<typeof createTestApp>>;
const datasets = ['bus-routes', 'bus-stops', 'auto-weather-stations', 'climate-monthly', 'weather-daily-observations', 'weather-warnings', 'ev-charging-stations'];
const bus = ['bus-routes', 'bus-stops'];
const weather = ['auto-weather-stations', 'weather-daily-observations', 'weather-warnings'];

let t: App;
let edited: App;
const synonymsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaifang-synonyms-'));
const synonymsFile = path.join(synonymsDir, 'search-synonyms.json');

beforeAll(async () => {
  fs.copyFileSync(defaultSynonymsFile, synonymsFile);
  t = await createTestApp({ datasets });
  edited = await createTestApp({ datasets, env: { KAIFANG_SEARCH_SYNONYMS: synonymsFile } });
});
afterAll(async () => {
  await t?.close();
  await edited?.close();
  fs.rmSync(synonymsDir, { recursive: true, force: true });
});

const ids = async (app: App, q: string): Promise<string[]> => {
  const res = await app.app.request(`/api/v1/datasets?q=${encodeURIComponent(q)}&limit=100`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { data: { id: string }[] }).data.map((d) => d.id).sort();
};
const html = async (url: string) => {
  const res = await t.app.request(url);
  expect(res.status).toBe(200);
  return await res.text();
};

describe('synonyms', () => {
  it('公交车 finds the 公交 datasets and 天气 the 气象 ones, in the API', async () => {
    expect(await ids(t, '公交车')).toEqual(bus);
    expect(await ids(t, '公交车站')).toEqual(['bus-stops']);
    for (const d of weather) expect(await ids(t, '天气')).toContain(d);
    expect(await ids(t, 'weather')).toEqual(expect.arrayContaining(weather));
  });

  it('公交车 and 天气 find them on the catalog page, in Chinese and in English', async () => {
    const zh = await html(`/datasets?q=${encodeURIComponent('公交车')}`);
    expect(zh).toContain('共找到 2 个数据集');
    expect(zh).toContain('公交线路');
    expect(zh).toContain('公交站点');
    const en = await html(`/en/datasets?q=${encodeURIComponent('天气')}`);
    expect(en).toContain('Weather warning signals');
    expect(en).toContain('Automatic weather stations');
  });

  it('follows the file: an edit changes the next search without a restart, a broken edit keeps the last list', async () => {
    expect(await ids(edited, '天气')).toEqual(expect.arrayContaining(weather));
    expect(await ids(edited, '下雪')).toEqual([]);
    const config = JSON.parse(fs.readFileSync(synonymsFile, 'utf8')) as { synonyms: Record<string, string[]> };
    delete config.synonyms['天气'];
    config.synonyms['下雪'] = ['气象'];
    fs.writeFileSync(synonymsFile, JSON.stringify(config, null, 2));
    expect(await ids(edited, '天气')).toEqual([]);
    expect(await ids(edited, '下雪')).toEqual(expect.arrayContaining(weather));

    fs.writeFileSync(synonymsFile, '{ "synonyms": { "下雪": ');
    expect(await ids(edited, '下雪')).toEqual(expect.arrayContaining(weather));
  });
});

describe('short words', () => {
  it('a short word finds what begins with it, and a longer word the catalog lacks is tried by its beginning', async () => {
    expect(await ids(t, '气')).toEqual(expect.arrayContaining(weather));
    expect(await ids(t, '充电')).toEqual(['ev-charging-stations']);
    expect(await ids(t, '充电桩站')).toEqual(['ev-charging-stations']);
    expect(await ids(t, 'wea')).toEqual(expect.arrayContaining(weather));
  });
});

describe('an empty search', () => {
  it('suggests nearer words, popular searches and asking for the data, in Chinese', async () => {
    const page = await html(`/datasets?q=${encodeURIComponent('气像站')}`);
    expect(page).toContain('没有找到与“气像站”相关的数据集。');
    expect(page).toMatch(/您是不是要找：[\s\S]*?href="\/datasets\?q=%E6%B0%94%E8%B1%A1/); // 气象…
    expect(page).toMatch(/热门搜索：[\s\S]*?href="\/datasets\?q=%E5%85%AC%E4%BA%A4"/); // 公交
    expect(page).toContain('href="/demand/new?kind=new_data"');
    expect(page).toContain('提出数据开放需求');
  });

  it('suggests them in English under /en', async () => {
    const page = await html('/en/datasets?q=wether');
    expect(page).toContain('No dataset matches “wether”.');
    expect(page).toMatch(/Did you mean:[\s\S]*?href="\/en\/datasets\?q=weather"/);
    expect(page).toMatch(/Popular searches:[\s\S]*?href="\/en\/datasets\?q=bus"/);
    expect(page).toContain('href="/en/demand/new?kind=new_data"');
    expect(page).toContain('Ask for new data');
  });
});
