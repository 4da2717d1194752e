import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { execute, rowsOf as rawRows, type AnyDb } from '../src/db/engine.js';
import { inTransaction } from '../src/db/transaction.js';
import { fieldSpecSchema, type FieldSpec } from '../src/lib/field-spec.js';
import { loadSegmenter } from '../src/lib/segment.js';
import { createCatalogCache, type CachedAnyDb } from '../src/catalog/catalog.cache.js';
import { catalogGeneration } from '../src/catalog/catalog-state.store.js';
import {
  hasDatasets, selectCatalog, selectDataset, selectDatasetRef, selectDatasetRefs, selectDepartment, selectDepartmentIds, selectDepartmentRefs,
  selectDepartments, selectOverview, selectPublishedHistories, selectThemes,
} from '../src/catalog/catalog.store.js';
import {
  datasetCodeTaken, datasetIdTaken, departmentExists, insertDataset, insertDepartmentsAndThemes, selectDatasetMetadata, themeExists, updateDatasetMetadata,
} from '../src/catalog/catalog-writes.store.js';
import { reindexCatalog, searchCatalog } from '../src/catalog/catalog-search.sql.js';
import { selectCatalogFigures, selectOverdueDatasets } from '../src/catalog/catalog-figures.sql.js';
import { departmentChoices, selectConsoleDatasets, themeChoices } from '../src/catalog/console.store.js';
import { datasetIdsByCode, publishedDatasetTitle } from '../src/catalog/dataset-lookups.store.js';
import { datasetIdOf, datasetIdsByPk, datasetPkOf, datasetRef, latestVersionsByPk, setLatestVersion } from '../src/catalog/dataset-versions.store.js';
import { demandDatasetById, demandDatasetsByPk, departmentNamesById, departmentNameZh } from '../src/catalog/demand-lookups.store.js';
import { preparedRecordsDataset } from '../src/catalog/records-lookups.store.js';
import { isOverdue } from '../src/catalog/punctuality.js';
import { loadCatalog } from '../datasets/index.js';
import { describeOnEngines, type EngineName } from './support/engines.js';

// The catalog feature's store functions answer the same on SQLite and PostgreSQL (issue 14), on the whole seeded
// catalog (179 datasets of 29 departments, as tests/catalog.test.ts): the judged searches find the same datasets,
// titles first, and the same top results on both engines.

const catalog = loadCatalog();
const rowsOf = (n: number, rows: number) => rows + n * 7; // each version's row count, distinct per version
const cached = (db: AnyDb): CachedAnyDb => ({ db, caches: { catalog: createCatalogCache() } });

/** The catalog's metadata and its versions (rows of the versions table only: no rows tables are needed here). */
async function seedMetadata(db: AnyDb): Promise<Map<string, number>> {
  await insertDepartmentsAndThemes(
    db,
    catalog.departments.map((d, i) => ({ id: d.id, code: d.code, nameZh: d.name_zh, nameEn: d.name_en, contactPhone: d.contact?.phone ?? null, contactEmail: d.contact?.email ?? null, position: i })),
    catalog.themes.map((t, i) => ({ id: t.id, nameZh: t.name_zh, nameEn: t.name_en, position: i })),
  );
  const pks = new Map<string, number>();
  for (const m of catalog.datasets) {
    const schema: FieldSpec[] = m.fields.map((f) => fieldSpecSchema.parse(f));
    const pk = await insertDataset(db, {
      id: m.id, code: m.code, titleZh: m.title_zh, titleEn: m.title_en, summaryZh: m.summary_zh, summaryEn: m.summary_en,
      departmentId: m.department, themeId: m.theme, openType: m.open_type, shareType: m.share_type, updateFrequency: m.update_frequency,
      license: m.license, keywords: m.keywords, keywordsEn: m.keywords_en, spatial: m.spatial, industry: m.industry ?? null,
      relatedCodes: m.related_codes ?? [], schema, createdAt: m.created_at, updatedAt: m.versions[0]!.published_at,
    });
    pks.set(m.id, pk);
    for (const v of m.versions) {
      await execute(db, sql`INSERT INTO versions (dataset_pk, n, published_at, row_count, schema, change_note, artifacts)
                            VALUES (${pk}, ${v.n}, ${v.published_at}, ${rowsOf(v.n, m.rows)}, ${JSON.stringify(schema)}, ${v.change_note}, '{}')`);
    }
    await setLatestVersion(db, pk, { n: m.versions.length, updatedAt: m.versions.at(-1)!.published_at });
  }
  await reindexCatalog(db);
  return pks;
}

const latestRows = (m: (typeof catalog.datasets)[number]) => rowsOf(m.versions.length, m.rows);
const judged = ['公交', '学校', '医院', '企业'];
const containing = (q: string) =>
  catalog.datasets.filter((d) => [d.title_zh, d.summary_zh, ...d.keywords, ...d.fields.map((f) => f.label_zh)].some((s) => s.includes(q)));

/** Each engine's ranked search answers, compared once both have run. */
const ranked: Partial<Record<EngineName, Record<string, string[]>>> = {};

describeOnEngines('catalog stores', (db, engine) => {
  let pks = new Map<string, number>();
  beforeAll(async () => {
    loadSegmenter();
    pks = await seedMetadata(db());
  }, 120_000);

  async function search(q: string, reads: CachedAnyDb = cached(db())): Promise<string[] | null> {
    const rank = await searchCatalog(reads, q);
    if (!rank) return null;
    const rows = (await selectCatalog(reads)).filter((r) => rank.has(r.pk));
    return rows.sort((a, b) => rank.get(a.pk)! - rank.get(b.pk)! || a.pk - b.pk).map((r) => r.id);
  }

  const m = (id: string) => catalog.datasets.find((d) => d.id === id)!;
  const multi = catalog.datasets.find((d) => d.versions.length > 1)!;

  it('reads the whole catalog in key order with latest-version figures, and one dataset by id', async () => {
    const rows = await selectCatalog(cached(db()));
    expect(rows.map((r) => r.id)).toEqual(catalog.datasets.map((d) => d.id));
    expect(rows.map((r) => r.pk)).toEqual([...rows.map((r) => r.pk)].sort((a, b) => a - b));
    const row = rows.find((r) => r.id === multi.id)!;
    const department = catalog.departments.find((d) => d.id === multi.department)!;
    expect(row).toMatchObject({
      id: multi.id, code: multi.code, title_zh: multi.title_zh, department_zh: department.name_zh, department_en: department.name_en,
      keywords: multi.keywords, keywords_en: multi.keywords_en, related_codes: multi.related_codes ?? [], industry: multi.industry ?? null,
      latest_version: multi.versions.length, records: latestRows(multi), formats: ['csv', 'json', 'ndjson', 'xlsx'],
      updated_at: multi.versions.at(-1)!.published_at,
    });
    expect(row.schema.map((f) => f.label_zh)).toEqual(multi.fields.map((f) => f.label_zh));
    expect(await selectDataset(db(), multi.id)).toEqual(row);
    expect(await selectDataset(db(), 'no-such-dataset')).toBeUndefined();
  });

  it('lists departments and themes in their order with dataset counts and record totals, and the overview', async () => {
    const departments = await selectDepartments(db());
    expect(departments.map((d) => d.id)).toEqual(catalog.departments.map((d) => d.id));
    for (const d of departments) {
      const own = catalog.datasets.filter((x) => x.department === d.id);
      expect([d.datasets, d.records], d.id).toEqual([own.length, own.reduce((sum, x) => sum + latestRows(x), 0)]);
    }
    const first = catalog.departments[0]!;
    expect(await selectDepartment(db(), first.id)).toEqual({ ...departments[0], contact_phone: first.contact?.phone ?? null, contact_email: first.contact?.email ?? null });
    expect(await selectDepartment(db(), 'nowhere')).toBeUndefined();
    const themes = await selectThemes(db());
    expect(themes.map((t) => [t.id, t.datasets])).toEqual(catalog.themes.map((t) => [t.id, catalog.datasets.filter((x) => x.theme === t.id).length]));
    expect(await selectOverview(db())).toEqual({
      datasets: 179, departments: 29, records: catalog.datasets.reduce((sum, x) => sum + latestRows(x), 0),
      versions: catalog.datasets.reduce((sum, x) => sum + x.versions.length, 0),
    });
    expect(await selectDepartmentRefs(db())).toEqual(catalog.departments.map((d) => ({ id: d.id, name_zh: d.name_zh, name_en: d.name_en })));
    expect(await selectDepartmentIds(db())).toEqual(catalog.departments.map((d) => d.id));
    expect(await departmentChoices(db())).toEqual(catalog.departments.map((d) => ({ id: d.id, name_zh: d.name_zh, name_en: d.name_en })));
    expect(await themeChoices(db())).toEqual(catalog.themes.map((t) => ({ id: t.id, name_zh: t.name_zh, name_en: t.name_en })));
  });

  it('gives datasets by key and slug, and every published version of each (oldest first)', async () => {
    expect(await hasDatasets(db())).toBe(true);
    const pk = pks.get(multi.id)!;
    const ref = { pk, id: multi.id, title_zh: multi.title_zh, title_en: multi.title_en, department_id: multi.department };
    expect(await selectDatasetRef(db(), multi.id)).toEqual(ref);
    expect(await selectDatasetRef(db(), 'nope')).toBeUndefined();
    const refs = await selectDatasetRefs(cached(db()));
    expect(refs).toHaveLength(179);
    expect(refs.find((r) => r.pk === pk)).toEqual(ref);
    const history = (await selectPublishedHistories(db())).find((h) => h.pk === pk);
    expect(history).toEqual({
      pk, department_id: multi.department, open_type: multi.open_type, rows: latestRows(multi),
      versions: multi.versions.map((v) => ({ n: v.n, at: v.published_at })),
    });
    expect((await datasetIdsByPk(db())).get(pk)).toBe(multi.id);
    expect(await datasetIdOf(db(), pk)).toBe(multi.id);
    expect(await datasetIdOf(db(), 999_999)).toBeUndefined();
    expect(await datasetPkOf(db(), multi.id)).toBe(pk);
    expect(await datasetRef(db(), multi.id)).toEqual({ pk, departmentId: multi.department });
    expect((await latestVersionsByPk(db())).get(pk)).toBe(multi.versions.length);
  });

  it('looks datasets up for the demand board, the records API and resource codes', async () => {
    const bus = m('bus-stops');
    const pk = pks.get(bus.id)!;
    const demand = { pk, id: bus.id, title_zh: bus.title_zh, title_en: bus.title_en, open_type: bus.open_type, department_id: bus.department, latest_version: bus.versions.length };
    expect(await demandDatasetById(db(), bus.id)).toEqual(demand);
    expect(await demandDatasetById(db(), 'nope')).toBeUndefined();
    expect([...(await demandDatasetsByPk(db(), [pk, null, undefined, 999_999, pk])).entries()]).toEqual([[pk, demand]]);
    expect((await demandDatasetsByPk(db(), [null])).size).toBe(0);
    const department = catalog.departments.find((d) => d.id === bus.department)!;
    expect(await departmentNameZh(db(), department.id)).toBe(department.name_zh);
    expect(await departmentNameZh(db(), 'nowhere')).toBeUndefined();
    expect([...(await departmentNamesById(db(), [department.id, 'nowhere', null])).entries()]).toEqual([[department.id, { name_zh: department.name_zh, name_en: department.name_en }]]);
    const recordsDataset = preparedRecordsDataset(db());
    expect(await recordsDataset(bus.id)).toEqual({ pk, id: bus.id, titleZh: bus.title_zh, departmentId: bus.department, openType: bus.open_type });
    expect(await recordsDataset('nope')).toBeUndefined();
    expect([...(await datasetIdsByCode(db(), [bus.code, 'XX-0000'])).entries()]).toEqual([[bus.code, bus.id]]);
    expect((await datasetIdsByCode(db(), [])).size).toBe(0);
    expect(await publishedDatasetTitle(db(), bus.id)).toEqual({ id: bus.id, title_zh: bus.title_zh, title_en: bus.title_en, open_type: bus.open_type });
  });

  it("lists a department's datasets for the console, overdue ones first, each part in title order", async () => {
    const now = new Date('2026-11-30T00:00:00Z');
    const department = m('bus-stops').department;
    const rows = await selectConsoleDatasets(db(), department, now);
    const own = catalog.datasets.filter((d) => d.department === department).map((d) => ({
      id: d.id, title_zh: d.title_zh, title_en: d.title_en, department_id: d.department, update_frequency: d.update_frequency, latest_version: d.versions.length,
      last_published_at: d.versions.at(-1)!.published_at, records: latestRows(d), overdue: isOverdue(d.update_frequency, d.versions.at(-1)!.published_at, now),
    }));
    const byTitle = (a: { title_zh: string }, b: { title_zh: string }) => (Buffer.compare(Buffer.from(a.title_zh), Buffer.from(b.title_zh)));
    expect(rows).toEqual([...own.filter((r) => r.overdue).sort(byTitle), ...own.filter((r) => !r.overdue).sort(byTitle)]);
    expect(rows.filter((r) => r.overdue).length).toBeGreaterThan(0);
    expect(rows.filter((r) => !r.overdue).length).toBeGreaterThan(1);
    expect(await selectConsoleDatasets(db(), null, now)).toHaveLength(179);
  });

  it.each(judged)('search %s finds every dataset whose text contains it, title matches first', async (q) => {
    const found = (await search(q))!;
    const expected = containing(q);
    expect(expected.length).toBeGreaterThan(0);
    for (const d of expected) expect(found, `${d.id} ${d.title_zh}`).toContain(d.id);
    const titles = found.map((id) => catalog.datasets.find((d) => d.id === id)!.title_zh.includes(q));
    expect(titles.indexOf(false) === -1 || titles.lastIndexOf(true) < titles.indexOf(false), titles.join()).toBe(true);
    (ranked[engine] ??= {})[q] = found;
  });

  it('matches English words by prefix, Chinese phrases by their bigrams, and finds nothing in punctuation', async () => {
    const bus = (await search('bus'))!;
    expect(bus.length).toBeGreaterThan(0);
    expect(catalog.datasets.find((d) => d.id === bus[0])!.title_en.toLowerCase()).toContain('bus');
    (ranked[engine] ??= {}).bus = bus;
    for (const q of ['公交站点', '医 院', 'school 学校', '交通运输局', '"', 'NEAR(公交 学校)', '公交" OR "1', '-']) {
      const found = await search(q);
      (ranked[engine] ??= {})[q] = found ?? [];
    }
    expect(await search('"*')).toBeNull();
    expect(await search('zzzqqq')).toEqual([]);
  });

  it('checks and edits metadata with its change log; the edit is found by search, and memoised reads of another app see it', async () => {
    const bus = m('bus-stops');
    const pk = pks.get(bus.id)!;
    expect(await departmentExists(db(), bus.department)).toBe(true);
    expect(await departmentExists(db(), 'nowhere')).toBe(false);
    expect(await themeExists(db(), bus.theme)).toBe(true);
    expect(await themeExists(db(), 'nothing')).toBe(false);
    expect(await datasetIdTaken(db(), bus.id)).toBe(true);
    expect(await datasetIdTaken(db(), 'free-id')).toBe(false);
    expect(await datasetCodeTaken(db(), bus.code)).toBe(true);
    expect(await datasetCodeTaken(db(), 'XX-0000')).toBe(false);
    const before = (await selectDatasetMetadata(db(), bus.id))!;
    expect(before).toMatchObject({ pk, titleZh: bus.title_zh, keywords: bus.keywords, latestVersion: bus.versions.length });
    expect(await selectDatasetMetadata(db(), 'nope')).toBeUndefined();

    const otherApp = cached(db());
    expect(await search('候鸟迁徙', otherApp)).toEqual([]);
    const generation = await catalogGeneration(db());
    const change = { title_zh: { from: bus.title_zh, to: '候鸟迁徙观测点' } };
    await updateDatasetMetadata(db(), pk, { titleZh: '候鸟迁徙观测点', keywords: ['候鸟', '𠀋字'] }, { ts: '2026-11-30T08:00:00Z', userId: 'u1', changes: change });
    await reindexCatalog(db(), [pk]);
    expect(await catalogGeneration(db())).toBeGreaterThan(generation);
    expect(await selectDatasetMetadata(db(), bus.id)).toMatchObject({ titleZh: '候鸟迁徙观测点', keywords: ['候鸟', '𠀋字'] });
    const [logged] = await rawRows<{ dataset_pk: number; user_id: string; changes: string }>(db(), sql`SELECT dataset_pk, user_id, changes FROM dataset_changes`);
    expect({ ...logged, changes: JSON.parse(logged!.changes) }).toEqual({ dataset_pk: pk, user_id: 'u1', changes: change });
    expect(await search('候鸟迁徙', otherApp)).toEqual([bus.id]);
    expect((await selectCatalog(otherApp)).find((r) => r.pk === pk)!.title_zh).toBe('候鸟迁徙观测点');
    expect(await search('𠀋字', otherApp)).toEqual([bus.id]);
  });

  it('moves the latest-version pointer inside a unit of work, whole or not at all', async () => {
    const pk = pks.get(multi.id)!;
    await expect(inTransaction(db(), async (tx) => {
      await setLatestVersion(tx, pk, { n: 1, updatedAt: '2026-11-30T09:00:00Z' });
      throw new Error('the version change failed');
    })).rejects.toThrow('the version change failed');
    expect((await latestVersionsByPk(db())).get(pk)).toBe(multi.versions.length);
    await inTransaction(db(), async (tx) => await setLatestVersion(tx, pk, { n: null, updatedAt: '2026-11-30T09:00:00Z' }));
    expect((await latestVersionsByPk(db())).get(pk)).toBeNull();
    expect(await publishedDatasetTitle(db(), multi.id)).toBeUndefined();
    expect((await selectDataset(db(), multi.id))!).toMatchObject({ latest_version: null, records: 0, formats: [], updated_at: '2026-11-30T09:00:00Z' });
  });

  it('figures a department as it stood at an instant: datasets, records, capacity past 2^31, punctuality, and who is overdue', async () => {
    await insertDepartmentsAndThemes(db(), [{ id: 'zz-figures', code: 'ZZ', nameZh: '统计测试局', nameEn: 'Figures Bureau', position: 99 }], []);
    const fields = (n: number): FieldSpec[] => Array.from({ length: n }, (_, k) => ({ name: `f${k}`, label_zh: `字段${k}`, type: 'string', required: false, primary_key: k === 0 }));
    const dataset = async (id: string, updateFrequency: 'daily' | 'weekly' | 'monthly' | 'yearly' | 'irregular', schema: FieldSpec[], versions: [string, number, string?][]) => {
      const pk = await insertDataset(db(), {
        id, code: `ZZ-${id}`, titleZh: `统计${id}`, titleEn: id, summaryZh: '', summaryEn: '', departmentId: 'zz-figures', themeId: catalog.themes[0]!.id,
        openType: 'open', updateFrequency, license: 'CC-BY-4.0', keywords: [], keywordsEn: [], spatial: '全市', relatedCodes: [], schema,
        createdAt: '2020-01-01T00:00:00.000Z', updatedAt: '2020-01-01T00:00:00.000Z',
      });
      for (const [n, [at, rows, status]] of versions.entries()) {
        await execute(db(), sql`INSERT INTO versions (dataset_pk, n, status, published_at, row_count, schema, change_note, artifacts)
                                VALUES (${pk}, ${n + 1}, ${status ?? 'published'}, ${at}, ${rows}, ${JSON.stringify(schema)}, '', '{}')`);
      }
      return pk;
    };
    const late = await dataset('zz-a', 'monthly', fields(30), [['2026-09-01T00:00:00.000Z', 100_000_000], ['2026-10-15T12:00:00.000Z', 100_000_001]]);
    await dataset('zz-b', 'daily', fields(2), [['2026-11-29T00:00:00.000Z', 10], ['2026-12-01T00:00:00.000Z', 99]]);
    await dataset('zz-c', 'irregular', fields(1), [['2020-01-01T00:00:00.000Z', 5]]);
    await dataset('zz-d', 'yearly', fields(3), []);
    await dataset('zz-e', 'weekly', fields(3), [['2026-11-28T00:00:00.000Z', 7, 'withdrawn']]);
    const asOf = '2026-11-30T00:00:00.000Z';
    expect((await selectCatalogFigures(cached(db()), asOf)).get('zz-figures')).toEqual({
      department_id: 'zz-figures', datasets: 3, records: 100_000_016, capacity: 30 * 100_000_001 + 2 * 10 + 5, punctual: 2, punctuality: 66.67,
    });
    expect((await selectOverdueDatasets(db(), asOf)).filter((o) => o.department_id === 'zz-figures')).toEqual([{
      pk: late, id: 'zz-a', title_zh: '统计zz-a', title_en: 'zz-a', department_id: 'zz-figures', update_frequency: 'monthly', published_at: '2026-10-15T12:00:00.000Z', days_old: 45.5,
    }]);
    const overdue = await selectOverdueDatasets(db(), asOf);
    expect(overdue.map((o) => o.department_id)).toEqual([...overdue.map((o) => o.department_id)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });
});

describe('catalog search on both engines', () => {
  it('finds the same datasets for every search, and puts the same datasets on top of the judged ones', () => {
    const { sqlite, postgresql } = ranked;
    if (!sqlite || !postgresql) return; // PostgreSQL skipped (KAIFANG_SKIP_PG=1): its suite said so
    expect(Object.keys(postgresql).sort()).toEqual(Object.keys(sqlite).sort());
    for (const q of Object.keys(sqlite)) expect([...postgresql[q]!].sort(), q).toEqual([...sqlite[q]!].sort());
    for (const q of [...judged, '公交站点', '交通运输局']) expect(postgresql[q]!.slice(0, 3), q).toEqual(sqlite[q]!.slice(0, 3));
    expect(postgresql.bus![0]).toBe(sqlite.bus![0]);
    expect([...postgresql.bus!.slice(0, 3)].sort()).toEqual([...sqlite.bus!.slice(0, 3)].sort());
  });
});
