// schema.org JSON-LD of the catalog (DataCatalog) and its datasets (Dataset), for the pages' <head>.
export { schemaOrgDataset, governmentOrganization, type SchemaOrgDatasetInput, type SchemaOrgVersion } from './dataset.js';
export { schemaOrgCatalog, type SchemaOrgCatalogEntry } from './catalog.js';
export { jsonForScript } from './json-ld.js';
