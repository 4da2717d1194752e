import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { datasets, departments } from './catalog.table.js';

// What the demand board reads of the catalog: datasets as orders, requests and deliveries name them, and department names.

export type DemandDataset = {
  pk: number;
  id: string;
  title_zh: string;
  title_en: string;
  open_type: 'open' | 'conditional';
  department_id: string;
  latest_version: number | null;
};

const columns = {
  pk: datasets.pk, id: datasets.id, title_zh: datasets.titleZh, title_en: datasets.titleEn,
  open_type: datasets.openType, department_id: datasets.departmentId, latest_version: datasets.latestVersion,
};

export const demandDatasetById = async (db: Db, id: string): Promise<DemandDataset | undefined> =>
  db.select(columns).from(datasets).where(eq(datasets.id, id)).get();

/** The datasets of the given keys that exist, by key. */
export async function demandDatasetsByPk(db: Db, pks: Iterable<number | null | undefined>): Promise<Map<number, DemandDataset>> {
  const wanted = [...new Set([...pks].filter((pk): pk is number => pk !== null && pk !== undefined))];
  if (!wanted.length) return new Map();
  return new Map(db.select(columns).from(datasets).where(inArray(datasets.pk, wanted)).all().map((d) => [d.pk, d]));
}

export const departmentNameZh = async (db: Db, id: string): Promise<string | undefined> =>
  db.select({ name: departments.nameZh }).from(departments).where(eq(departments.id, id)).get()?.name;

/** Names of the given departments that exist, by id. */
export async function departmentNamesById(db: Db, ids: Iterable<string | null | undefined>): Promise<Map<string, { name_zh: string; name_en: string }>> {
  const wanted = [...new Set([...ids].filter((id): id is string => typeof id === 'string'))];
  if (!wanted.length) return new Map();
  const rows = db.select({ id: departments.id, name_zh: departments.nameZh, name_en: departments.nameEn }).from(departments).where(inArray(departments.id, wanted)).all();
  return new Map(rows.map((r) => [r.id, { name_zh: r.name_zh, name_en: r.name_en }]));
}
