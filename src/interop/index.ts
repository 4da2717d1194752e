// Interop's public face: the API reference (/api/docs) and, as the interop formats land, their routes.
export { docsRoutes } from './docs.routes.js';
export { ckanRoutes } from './ckan/index.js';
export { feedsRoutes } from './feeds/index.js';
export { jsonForScript, schemaOrgCatalog, schemaOrgDataset, type SchemaOrgCatalogEntry, type SchemaOrgDatasetInput, type SchemaOrgVersion } from './schema-org/index.js';
export { datasetLinkedData, dcatRoutes } from './dcat/index.js';
