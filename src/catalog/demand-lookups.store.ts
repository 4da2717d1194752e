import { eq, inArray } from 'drizzle-orm';
import { builder, type AnyDb } from '../db/engine.js';
import { catalogTables } from './catalog.tables.js';

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

const columns = ({ datasets }: ReturnType<typeof catalogTables>) => ({
  pk: datasets.pk, id: datasets.id, title_zh: datasets.titleZh, title_en: datasets.titleEn,
  open_type: datasets.openType, department_id: datasets.departmentId, latest_version: datasets.latestVersion,
});

export async function demandDatasetById(db: AnyDb, id: string): Promise<DemandDataset | undefined> {
  const t = catalogTables(db);
  return (await builder(db).select(columns(t)).from(t.datasets).where(eq(t.datasets.id, id)).limit(1))[0];
}

/** The datasets of the given keys that exist, by key. */
export async function demandDatasetsByPk(db: AnyDb, pks: Iterable<number | null | undefined>): Promise<Map<number, DemandDataset>> {
  const wanted = [...new Set([...pks].filter((pk): pk is number => pk !== null && pk !== undefined))];
  if (!wanted.length) return new Map();
  const t = catalogTables(db);
  return new Map((await builder(db).select(columns(t)).from(t.datasets).where(inArray(t.datasets.pk, wanted))).map((d) => [d.pk, d]));
}

export async function departmentNameZh(db: AnyDb, id: string): Promise<string | undefined> {
  const { departments } = catalogTables(db);
  return (await builder(db).select({ name: departments.nameZh }).from(departments).where(eq(departments.id, id)).limit(1))[0]?.name;
}

/** Names of the given departments that exist, by id. */
export async function departmentNamesById(db: AnyDb, ids: Iterable<string | null | undefined>): Promise<Map<string, { name_zh: string; name_en: string }>> {
  const wanted = [...new Set([...ids].filter((id): id is string => typeof id === 'string'))];
  if (!wanted.length) return new Map();
  const { departments } = catalogTables(db);
  const rows = await builder(db).select({ id: departments.id, name_zh: departments.nameZh, name_en: departments.nameEn }).from(departments).where(inArray(departments.id, wanted));
  return new Map(rows.map((r) => [r.id, { name_zh: r.name_zh, name_en: r.name_en }]));
}
