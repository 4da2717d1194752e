import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Db } from './db/client.js';
import { insertDataset, insertDepartmentsAndThemes, hasDatasets, reindexCatalog } from './catalog/index.js';
import { fieldSpecSchema, type FieldSpec } from './lib/field-spec.js';
import { writeRowsTable, commitVersion, diffRows, profileSeededVersion, type Row } from './versions/index.js';
import { loadCatalog } from '../datasets/index.js';
import { generateRows } from '../datasets/generate.js';

export type SeedProgress = (done: number, total: number, label: string) => void;

type Catalog = ReturnType<typeof loadCatalog>;

export const isSeeded = async (db: Db): Promise<boolean> => await hasDatasets(db);

/** Loads departments, themes and every dataset with all its versions' rows. Deterministic: same catalog, same database content. */
export async function seedCatalog(db: Db, onProgress: SeedProgress = () => {}, catalog: Catalog = loadCatalog()): Promise<{ datasets: number; rows: number }> {
  await insertDepartmentsAndThemes(
        db,
        catalog.departments.map((d, i) => ({ id: d.id, code: d.code, nameZh: d.name_zh, nameEn: d.name_en, contactPhone: d.contact?.phone ?? null, contactEmail: d.contact?.email ?? null, position: i })),
        catalog.themes.map((t, i) => ({ id: t.id, nameZh: t.name_zh, nameEn: t.name_en, position: i })),
      );

  let rowsTotal = 0;
  for (const [i, m] of catalog.datasets.entries()) {
    const schema: FieldSpec[] = m.fields.map((f) => fieldSpecSchema.parse(f));
    const first = m.versions[0]!;
    const pk = await insertDataset(db, {
      id: m.id,
      code: m.code,
      titleZh: m.title_zh,
      titleEn: m.title_en,
      summaryZh: m.summary_zh,
      summaryEn: m.summary_en,
      departmentId: m.department,
      themeId: m.theme,
      openType: m.open_type,
      shareType: m.share_type,
      updateFrequency: m.update_frequency,
      license: m.license,
      keywords: m.keywords,
      keywordsEn: m.keywords_en,
      spatial: m.spatial,
      industry: m.industry ?? null,
      relatedCodes: m.related_codes ?? [],
      schema,
      createdAt: m.created_at,
      updatedAt: first.published_at,
    });

    let previous: Row[] | null = null;
    for (const v of m.versions) {
      const rows = generateRows(m, v.n) as Row[];
      const rowCount = await writeRowsTable(db, pk, v.n, schema, rows);
      const diff = previous ? diffRows(previous, rows, schema) : null;
      await commitVersion(db, pk, { n: v.n, schema, publishedAt: v.published_at, publishedBy: null, changeNote: v.change_note, rowCount, diff, artifacts: {} });
      await profileSeededVersion(db, pk, v.n, schema, rows, v.published_at); // as a publish would have, at its time
      previous = rows;
      if (v === m.versions.at(-1)) rowsTotal += rowCount;
    }
    onProgress(i + 1, catalog.datasets.length, m.id);
    // A first start listens while it seeds (/healthz, /readyz): between datasets, the server answers.
    await yieldToEventLoop();
  }
  await reindexCatalog(db);
  return { datasets: catalog.datasets.length, rows: rowsTotal };
}
