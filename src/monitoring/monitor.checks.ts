import type { AppDeps } from '../app-deps.js';
import { allowedAgeDays, isOverdue, selectCatalog, type CatalogRow } from '../catalog/index.js';
import { checkVersions, describeInconsistency, publishedVersionsOf, versionQuality, type QualityProfile } from '../versions/index.js';
import type { WarningKind } from './warnings.store.js';

// The three checks of the monitor (监测). Each answers, per dataset, its finding (the evidence a warning carries) or
// nothing: a warning is opened for a finding and closed once the check no longer finds it.

export type Finding = { kind: WarningKind; datasetPk: number; departmentId: string; evidence: Record<string, unknown> };
export type CheckDeps = Pick<AppDeps, 'db' | 'files' | 'caches'>;

/** Update punctuality: the portal's rule (src/catalog/punctuality.ts), the latest version against the declared frequency. */
export async function punctualityFindings(deps: CheckDeps, datasets: readonly CatalogRow[], now: Date): Promise<Finding[]> {
  const latest = new Map<number, string>();
  for (const v of await publishedVersionsOf(deps.db, datasets.map((d) => d.pk))) {
    if ((latest.get(v.datasetPk) ?? '') < v.publishedAt) latest.set(v.datasetPk, v.publishedAt);
  }
  return datasets.flatMap((d) => {
    const at = latest.get(d.pk) ?? null;
    if (!isOverdue(d.update_frequency, at, now)) return [];
    const evidence = {
      update_frequency: d.update_frequency, allowed_days: allowedAgeDays[d.update_frequency] ?? null,
      latest_published_at: at, days_old: at === null ? null : Math.floor((now.getTime() - Date.parse(at)) / 86_400_000),
    };
    return [{ kind: 'punctuality' as const, datasetPk: d.pk, departmentId: d.department_id, evidence }];
  });
}

type FieldFinding = { field: string; finding: 'outsideEnum' | 'outsideRange' | 'futureDates'; count: number; examples: string[] };

/**
 * Dates that lie in the future by nature (a licence valid until, a publicity period's end, the next inspection): the
 * seeded catalog has 19 latest versions with such fields, so their future dates are not findings. Told by the name.
 */
export const futureByNature = /(^|_)(valid|until|expires?|expiry|expiration|next|due|deadline|end|ends|planned)(_|$)/;

function fieldFindings(profile: QualityProfile): FieldFinding[] {
  return profile.fields.flatMap((f) =>
    (['outsideEnum', 'outsideRange', 'futureDates'] as const).flatMap((k) => {
      if (k === 'futureDates' && futureByNature.test(f.name)) return [];
      const found = f[k];
      return found && found.count > 0 ? [{ field: f.name, finding: k, count: found.count, examples: found.examples }] : [];
    }));
}

/** Data quality of the latest version: values outside the declared enum or range, dates in the future (from its stored profile). */
export async function qualityFindings(deps: CheckDeps, datasets: readonly CatalogRow[]): Promise<Finding[]> {
  const out: Finding[] = [];
  for (const d of datasets) {
    if (d.latest_version === null) continue;
    const profile = await versionQuality(deps.db, d.pk, d.latest_version);
    if (!profile) continue; // not profiled yet: judged once it is
    const fields = fieldFindings(profile);
    if (fields.length) out.push({ kind: 'quality', datasetPk: d.pk, departmentId: d.department_id, evidence: { version: d.latest_version, row_count: profile.rowCount, fields } });
  }
  return out;
}

/**
 * Integrity: every version's artifacts present (size, and sha256 with `sha256`: a streaming read of every file) and its
 * rows table present with its row count (the checks of `check`). Reported, not repaired: `check --repair` rebuilds.
 */
export async function integrityFindings(deps: CheckDeps, datasets: readonly CatalogRow[], options: { sha256: boolean }): Promise<Finding[]> {
  const byPk = new Map(datasets.map((d) => [d.pk, d]));
  const problems = new Map<number, string[]>();
  for (const p of await checkVersions(deps, { sha256: options.sha256 })) {
    if (p.kind === 'orphan_table' || !byPk.has(p.datasetPk)) continue;
    problems.set(p.datasetPk, [...(problems.get(p.datasetPk) ?? []), describeInconsistency(p)]);
  }
  return [...problems].map(([pk, list]) => ({ kind: 'integrity' as const, datasetPk: pk, departmentId: byPk.get(pk)!.department_id, evidence: { problems: list } }));
}

export async function allFindings(deps: CheckDeps, now: Date, options: { sha256: boolean }): Promise<Finding[]> {
  const datasets = await selectCatalog(deps);
  return [
    ...await punctualityFindings(deps, datasets, now),
    ...await qualityFindings(deps, datasets),
    ...await integrityFindings(deps, datasets, options),
  ];
}
