import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { departmentSchema, manifestSchema, themeSchema } from './schema.js';
import type { DatasetManifest, Department, Theme } from './schema.js';
import { checkGenerators } from './generate.js';

export type { DatasetManifest, Department, Theme, FieldSpec, Row } from './schema.js';
export { generateRows } from './generate.js';

export const datasetsDir = fileURLToPath(new URL('.', import.meta.url));

export interface Catalog {
  departments: Department[];
  themes: Theme[];
  datasets: DatasetManifest[];
}

function describe(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`).join('; ');
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file}: ${(e as Error).message}`);
  }
}

function parse<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new Error(`${where}: ${describe(result.error)}`);
  return result.data;
}

function checkManifest(m: DatasetManifest, where: string, departments: Map<string, Department>, themes: Set<string>): void {
  const fail = (problem: string) => {
    throw new Error(`${where}: ${problem}`);
  };
  const dept = departments.get(m.department);
  if (!dept) fail(`unknown department '${m.department}'`);
  if (!themes.has(m.theme)) fail(`unknown theme '${m.theme}'`);
  if (dept && !m.code.startsWith(`${dept.code}-`)) fail(`code ${m.code} does not start with the provider code ${dept.code}`);
  const pks = m.fields.filter((f) => f.primary_key);
  if (pks.length !== 1) fail(`needs exactly one primary-key field, has ${pks.length}`);
  if (pks[0] && !pks[0].required) fail(`primary key ${pks[0].name} must be required`);
  const names = new Set<string>();
  for (const f of m.fields) {
    if (names.has(f.name)) fail(`duplicate field name '${f.name}'`);
    names.add(f.name);
    if (f.enum && f.type !== 'string') fail(`field ${f.name}: enum is only allowed on string fields`);
    if (f.enum && new Set(f.enum).size !== f.enum.length) fail(`field ${f.name}: duplicate enum values`);
  }
  m.versions.forEach((v, k) => {
    if (v.n !== k + 1) fail(`versions must be numbered 1..n, found ${v.n} at position ${k + 1}`);
    const before = m.versions[k - 1];
    if (before && before.published_at >= v.published_at) fail(`version ${v.n} is not published after version ${before.n}`);
  });
  if (m.created_at > m.versions[0]!.published_at) fail('created_at is after the first publication');
}

/** Reads and validates the catalog (departments, themes, one manifest per dataset); datasets come sorted by id. */
export function loadCatalog(dir: string = datasetsDir): Catalog {
  const departments = parse(departmentSchema.array().length(29), readJson(join(dir, 'departments.json')), 'departments.json');
  const themes = parse(themeSchema.array().min(1), readJson(join(dir, 'themes.json')), 'themes.json');
  for (const [what, list] of [['department', departments], ['theme', themes]] as const) {
    const seen = new Set<string>();
    for (const item of list) {
      if (seen.has(item.id)) throw new Error(`duplicate ${what} id '${item.id}'`);
      seen.add(item.id);
    }
  }
  const deptById = new Map(departments.map((d) => [d.id, d]));
  const themeIds = new Set(themes.map((t) => t.id));
  const files = readdirSync(join(dir, 'manifests')).filter((f) => f.endsWith('.json')).sort();
  const ids = new Set<string>();
  const codes = new Map<string, string>();
  const datasets = files.map((file) => {
    const where = `manifests/${file}`;
    const m = parse(manifestSchema, readJson(join(dir, 'manifests', file)), where);
    if (`${m.id}.json` !== file) throw new Error(`${where}: id '${m.id}' does not match the file name`);
    if (ids.has(m.id)) throw new Error(`${where}: duplicate id '${m.id}'`);
    const other = codes.get(m.code);
    if (other) throw new Error(`${where}: code ${m.code} already used by ${other}`);
    ids.add(m.id);
    codes.set(m.code, m.id);
    checkManifest(m, where, deptById, themeIds);
    try {
      checkGenerators(m);
    } catch (e) {
      throw new Error(`${where}: ${(e as Error).message}`);
    }
    return m;
  });
  for (const m of datasets) {
    for (const code of m.related_codes) {
      if (!codes.has(code)) throw new Error(`manifests/${m.id}.json: related code ${code} is not in the catalog`);
    }
  }
  datasets.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { departments, themes, datasets };
}
