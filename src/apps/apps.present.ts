import type { AnyDb } from '../db/engine.js';
import { selectAppDatasetPks, selectScreenshots, type AppRow } from './apps.store.js';
import { datasetRefsByPks } from './apps-lookups.sql.js';
import { screenshotUrl } from './apps.policy.js';
import type { AppDataset, AppSummary } from './apps.types.js';

const distinctSorted = (values: (string | null)[]) => [...new Set(values.filter((v): v is string => !!v))].sort();

/** Rows as summaries, with the datasets they name and their screenshots (three queries for any number of apps). */
export async function summarise(db: AnyDb, rows: AppRow[]): Promise<AppSummary[]> {
  const ids = rows.map((r) => r.id);
  const pksByApp = await selectAppDatasetPks(db, ids);
  const refs = await datasetRefsByPks(db, [...pksByApp.values()].flat());
  const shots = await selectScreenshots(db, ids);
  return rows.map((r) => {
    const datasets: AppDataset[] = (pksByApp.get(r.id) ?? []).flatMap((pk) => {
      const d = refs.get(pk);
      return d ? [{ id: d.id, code: d.code, title_zh: d.title_zh, title_en: d.title_en, department_id: d.department_id, theme_id: d.theme_id }] : [];
    }).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return {
      id: r.id, name_zh: r.name_zh, name_en: r.name_en, kind: r.kind, description_zh: r.description_zh, description_en: r.description_en,
      url: r.url, status: r.status, is_demo: Number(r.is_demo) === 1, created_at: r.created_at, decided_at: r.decided_at,
      datasets,
      department_ids: distinctSorted(datasets.map((d) => d.department_id)),
      theme_ids: distinctSorted(datasets.map((d) => d.theme_id)),
      screenshots: (shots.get(r.id) ?? []).map((s) => ({ position: s.position, url: screenshotUrl(r.id, s.position), width: s.width, height: s.height, content_type: s.content_type })),
    };
  });
}
