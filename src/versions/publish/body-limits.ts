import type { BodyLimitRule } from '../../lib/body-limit.js';

const datasetMetadataBytes = 1024 * 1024;

/**
 * The publishing routes whose bodies exceed the portal's default JSON limit: uploads (API and console),
 * streamed and counted against KAIFANG_UPLOAD_LIMIT_MB by `receiveUpload`, and dataset metadata with
 * a schema of up to 200 fields and long bilingual summaries.
 */
export const publishBodyLimits: BodyLimitRule[] = [
  { method: 'POST', path: /^\/api\/v1\/datasets\/[^/]+\/versions$/, maxBytes: null },
  { method: 'POST', path: /^(?:\/en)?\/console\/datasets\/[^/]+\/publish$/, maxBytes: null },
  { method: 'POST', path: /^\/api\/v1\/datasets$/, maxBytes: datasetMetadataBytes },
  { method: 'PATCH', path: /^\/api\/v1\/datasets\/[^/]+$/, maxBytes: datasetMetadataBytes },
  { method: 'POST', path: /^(?:\/en)?\/console\/datasets\/(?:new|[^/]+\/edit)$/, maxBytes: datasetMetadataBytes },
];
