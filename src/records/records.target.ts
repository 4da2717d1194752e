import type { Db } from '../db/client.js';
import type { FieldSpec } from '../lib/field-spec.js';
import { ApiError, notFound } from '../lib/errors.js';
import { rowsTableName } from '../versions/rows/index.js';
import { createLru } from './records.lru.js';
import { preparedRecordsDataset } from '../catalog/index.js';
import { preparedVersionStates, getVersion, latestPublished } from '../versions/index.js';

/** A published version's rows, as the records API reads them. */
export type RecordsTarget = {
  datasetPk: number;
  datasetId: string;
  titleZh: string;
  departmentId: string;
  openType: 'open' | 'conditional';
  n: number;
  rowCount: number;
  table: string;
  schema: FieldSpec[];
};

/** Finds versions by dataset id; their schemas are parsed once (published versions never change). */
export function createTargetResolver(db: Db) {
  const datasetById = preparedRecordsDataset(db);
  const versionStates = preparedVersionStates(db);
  const schemas = createLru<string, FieldSpec[]>(512);

  async function schemaOf(pk: number, n: number): Promise<FieldSpec[]> {
    const key = `${pk}:${n}`;
    return schemas.get(key) ?? schemas.set(key, (await getVersion(db, pk, n))!.schema);
  }

  async function toTarget(id: string, n?: number): Promise<RecordsTarget> {
    const dataset = await datasetById(id);
    if (!dataset) throw notFound('Dataset', id);
    const version = await (n === undefined ? versionStates.latestPublished(dataset.pk) : versionStates.pinned(dataset.pk, n));
    if (!version) {
      throw n === undefined
        ? new ApiError(404, 'no_published_version', `Dataset '${id}' has no published version yet.`)
        : new ApiError(404, 'not_found', `Version ${n} of dataset '${id}' does not exist`);
    }
    if (version.status === 'withdrawn') {
      const latest = (await latestPublished(db, dataset.pk))?.n ?? null;
      const instead = latest ? `; use version ${latest} instead` : '; no other version is published';
      throw new ApiError(410, 'version_withdrawn', `Version ${version.n} of dataset '${id}' was withdrawn${version.withdrawnReason ? ` (${version.withdrawnReason})` : ''}${instead}.`, {
        withdrawn_reason: version.withdrawnReason,
        replacement: latest ? { n: latest, url: `/api/v1/datasets/${id}/versions/${latest}/records` } : null,
      });
    }
    if (version.unavailableReason) {
      // Its rows table is missing (a damaged database, marked at start): say so, never a 500 `no such table`.
      throw new ApiError(503, 'version_unavailable', `Version ${version.n} of dataset '${id}' is unavailable: ${version.unavailableReason}. Its files can still be downloaded where they are stored; the operator can restore it with \`kaifang check --repair\`.`, {
        dataset: id,
        version: version.n,
      });
    }
    return {
      datasetPk: dataset.pk,
      datasetId: dataset.id,
      titleZh: dataset.titleZh,
      departmentId: dataset.departmentId,
      openType: dataset.openType,
      n: version.n,
      rowCount: version.rowCount,
      table: rowsTableName(dataset.pk, version.n),
      schema: await schemaOf(dataset.pk, version.n),
    };
  }

  return {
    latest: async (id: string) => await toTarget(id),
    pinned: async (id: string, n: number) => await toTarget(id, n),
  };
}

export type TargetResolver = ReturnType<typeof createTargetResolver>;
