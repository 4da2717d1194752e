// The versions feature's public face: everything other folders (and web/) may use. Immutable numbered versions,
// their rows tables, artifacts and downloads, and publishing; its tables (versions, publish_locks, the rows tables)
// are touched only by its store files.
export { versionsRoutes } from './versions.routes.js';
export { publishRoutes } from './publish/publish.routes.js';
export { publishBodyLimits } from './publish/body-limits.js';
export { createVersionsState, type VersionsState } from './versions.state.js';
export { getDatasetDetail } from './dataset-detail.js';
export { commitVersion, dropOrphanTables, getVersion, latestPublished, listVersions, writeRowsTable } from './versions.service.js';
export { type ArtifactInfo } from './versions.table.js';
export { publishVersion } from './publish/publish.service.js';
export { receiveUpload, type Upload } from './publish/upload.js';
export { withdrawVersion } from './publish/withdraw.js';
export { problemText } from './publish/problem-messages.js';
export { diffRows } from './diff.js';
export { checkVersions, describeInconsistency, markUnavailableVersions } from './version-check.js';
export { repairVersions } from './version-repair.js';
export { type ArtifactBuilder, startArtifactBuilder } from './artifact-builder.js';
// The cluster's job queue on PostgreSQL (background work that runs once across nodes); the demand board uses it too
export { claimJob, claimJobByKey, countOpenJobs, enqueueJob, failJob, finishJob, holdJobLease, type ClaimedJob } from './cluster-jobs.store.js';
export { startJobPruning } from './cluster-jobs.prune.js';
export { storeArtifact } from './artifact-store.js';
export { artifactWriters } from './artifact-writers/index.js';
export { type ArtifactKey, artifactKey, artifactPath, artifactSpecs, artifactUrl, downloadFormats } from './artifacts.js';
export { serveStoredFile } from './serve-file.js';
export { workerDbFile } from './worker-db.store.js';
export { workerDbOf } from './worker-connection.js';
export { preparedVersionStates } from './version-states.store.js';
export { selectVersionEvents, type VersionEvent } from './version-events.store.js';
export { type PublishedVersion, publishedVersionsOf } from './published-versions.store.js';
export { versionInventory } from './version-inventory.store.js';
// Each version's data-quality profile, computed when it is published (never on a request); the monitor reads it.
export { type FieldQuality, profileRowsTable, type QualityFinding, type QualityProfile } from './quality.js';
export { versionQuality } from './quality.store.js';
export { profileSeededVersion, profileVersion } from './quality-profile.js';
export { type QualityBackfill, startQualityBackfill } from './quality-backfill.js';
// The rows tables of versions (for the records API; worker code imports ./rows/index.js itself)
export * from './rows/index.js';
