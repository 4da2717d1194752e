import type { AppDeps } from '../../lib/context.js';
import { ApiError } from '../../lib/errors.js';
import { indexRowsTable, quoteIdent, rowsTableName } from '../../records/rows-table.js';
import { selectDataset } from '../../catalog/catalog.queries.js';
import { reindexCatalog } from '../../catalog/catalog.search.js';
import { commitVersion, diffAgainstPrevious } from '../versions.service.js';
import { buildVersionArtifacts } from '../build-queue.js';
import { ingestRows } from './ingest.js';
import { validateSchema } from './schema-check.js';

export type PublishInput = {
  datasetId: string;
  filePath: string;
  changeNote: string;
  publishedBy: string | null;
  /** A new column layout for this and later versions, when the department changed its columns. */
  schema?: unknown;
};

const publishing = new Set<number>();

/**
 * Publishes a file as version n+1, all or nothing: rows are validated into a table no one reads,
 * the artifacts are written and fsynced, and only then one transaction adds the version row.
 */
export async function publishVersion(deps: AppDeps, input: PublishInput) {
  const dataset = selectDataset(deps.db, input.datasetId);
  if (!dataset) throw new ApiError(404, 'not_found', `Dataset '${input.datasetId}' does not exist`);
  const changeNote = input.changeNote.trim();
  if (!changeNote) throw new ApiError(422, 'validation_failed', 'A change note is required: say what changed in this version.', { errors: [{ field: 'change_note', message: 'required' }] });
  const schema = input.schema ? validateSchema(input.schema) : dataset.schema;
  if (publishing.has(dataset.pk)) throw new ApiError(409, 'publish_in_progress', 'Another version of this dataset is being published; try again when it is done.');
  publishing.add(dataset.pk);
  try {
    const n = nextVersionNumber(deps, dataset.pk);
    const table = rowsTableName(dataset.pk, n);
    const { count: rowCount, format, encoding } = await ingestRows(deps.db, table, schema, input.filePath);
    let committed = false;
    try {
      deps.db.$client.transaction(() => indexRowsTable(deps.db.$client, table, schema))();
      const artifacts = await buildVersionArtifacts(deps, dataset.pk, n, schema);
      const diff = diffAgainstPrevious(deps.db, dataset.pk, n, schema);
      const publishedAt = deps.now().toISOString().replace(/\.\d{3}Z$/, 'Z');
      commitVersion(deps.db, dataset.pk, { n, schema, publishedAt, publishedBy: input.publishedBy, changeNote, rowCount, diff, artifacts });
      committed = true;
      reindexCatalog(deps.db, [dataset.pk]);
      return { dataset: dataset.id, n, rowCount, diff, artifacts, publishedAt, format, encoding };
    } finally {
      // Artifact files already written stay: content-addressed, they are reused by the next identical publish.
      if (!committed) deps.db.$client.exec(`DROP TABLE IF EXISTS ${quoteIdent(table)}`);
    }
  } finally {
    publishing.delete(dataset.pk);
  }
}

function nextVersionNumber(deps: AppDeps, datasetPk: number): number {
  const row = deps.db.$client.prepare('SELECT COALESCE(MAX(n), 0) AS n FROM versions WHERE dataset_pk = ?').get(datasetPk) as { n: number };
  return row.n + 1;
}
