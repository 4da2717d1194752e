import { z } from '@hono/zod-openapi';
import type { AppDeps } from '../app-deps.js';
import { notFound } from '../lib/errors.js';
import { DatasetMetadataSchema, memoCatalog, presentDatasetMetadata, selectDataset, type CatalogRow } from '../catalog/index.js';
import { listVersions } from './versions.service.js';
import { presentVersionSummary } from './versions.present.js';
import { VersionSummarySchema } from './versions.schemas.js';

// A dataset with its versions (GET /api/v1/datasets/{id}, the dataset page, the publishing API's answers): the
// catalog's dataset and this feature's versions put together here, since versions builds on the catalog and not
// the other way round.

type VersionRow = Awaited<ReturnType<typeof listVersions>>[number];

export const DatasetDetailSchema = DatasetMetadataSchema.extend({
  versions: z.array(VersionSummarySchema),
  links: z.record(z.string(), z.string()),
}).openapi('DatasetDetail');

export async function getDatasetDetail(deps: AppDeps, id: string) {
  const detail = await memoCatalog(deps, `detail:${id}`, async () => {
      const row = await selectDataset(deps.db, id);
      return row ? { row, versions: await listVersions(deps.db, row.pk) } : null;
    });
  if (!detail) throw notFound('Dataset', id);
  return detail;
}

export function presentDatasetDetail(r: CatalogRow, versions: VersionRow[]) {
  const base = `/api/v1/datasets/${r.id}`;
  return {
    ...presentDatasetMetadata(r),
    versions: versions.map((v) => presentVersionSummary(r.id, v)),
    links: {
      self: base,
      html: `/datasets/${r.id}`,
      versions: `${base}/versions`,
      records: `${base}/records`,
      csv: `${base}/data.csv`,
      json: `${base}/data.json`,
      datapackage: r.latest_version ? `${base}/versions/${r.latest_version}/datapackage.json` : '',
    },
  };
}
