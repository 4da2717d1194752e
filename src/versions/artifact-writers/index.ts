import type { ArtifactKey } from '../artifacts.js';
import { csvWriter } from './csv.js';
import { jsonWriter, ndjsonWriter } from './json.js';
import { xlsxWriter } from './xlsx.js';
import type { ArtifactWriter } from './types.js';

export type { ArtifactWriter, RowBatches } from './types.js';

export const artifactWriters: Record<ArtifactKey, ArtifactWriter> = {
  csv: csvWriter({ spreadsheet: false }),
  csv_bom: csvWriter({ spreadsheet: true }),
  json: jsonWriter,
  ndjson: ndjsonWriter,
  xlsx: xlsxWriter,
};
