// The catalog's public face: everything other folders (and web/) may use. Departments, themes and datasets' metadata,
// search and facets; its tables (departments, themes, datasets, dataset_changes) are touched only by its store files,
// so other features read and write them through the functions below.
export { catalogRoutes } from './catalog.routes.js';
export { catalogWriteRoutes } from './catalog-writes.routes.js';
export { type DatasetQuery, type DatasetSort, datasetSorts, type FacetBucket, facetNames, listDatasets } from './catalog.service.js';
export { presentDataset, presentDatasetMetadata } from './catalog.present.js';
export { DatasetMetadataSchema, DatasetSummarySchema, frequencies } from './catalog.schemas.js';
export { assertCanPublishFor, createDataset, CreateDatasetSchema, updateDataset, UpdateDatasetSchema } from './catalog.write.js';
export { validateSchema } from './dataset-schema.js';
export { type CachedAnyDb, type CachedDb, type CatalogCache, createCatalogCache, memoCatalog } from './catalog.cache.js';
// Reads and writes for other features
export { type CatalogRow, type DepartmentRef, type DepartmentRow, hasDatasets, selectCatalog, selectDataset, selectDatasetRef, selectDepartment, selectDepartmentIds, selectDepartmentRefs, selectDepartments, selectOverview, selectPublishedHistories, selectThemes } from './catalog.store.js';
export { departmentExists, insertDataset, insertDepartmentsAndThemes } from './catalog-writes.store.js';
export { reindexCatalog } from './catalog-search.sql.js';
export { type SearchSuggestions, searchSuggestions } from './search-suggestions.js';
export { type CatalogFigures, catalogFiguresPgSql, catalogFiguresSql, selectCatalogFigures, selectOverdueDatasets } from './catalog-figures.sql.js';
export { type Choice, type ConsoleDataset, departmentChoices, selectConsoleDatasets, themeChoices } from './console.store.js';
export { datasetIdsByCode, publishedDatasetTitle } from './dataset-lookups.store.js';
export { selectLastMetadataEdits } from './metadata-changes.store.js';
export { datasetIdOf, datasetIdsByPk, datasetPkOf, datasetRef, latestVersionsByPk, setLatestVersion } from './dataset-versions.store.js';
export { preparedRecordsDataset } from './records-lookups.store.js';
export { demandDatasetById, demandDatasetsByPk, departmentNamesById, departmentNameZh } from './demand-lookups.store.js';
// The update-punctuality rule (overdue for the declared frequency): the monitor opens warnings by it
export { allowedAgeDays, isOverdue } from './punctuality.js';
