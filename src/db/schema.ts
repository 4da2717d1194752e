export * from '../catalog/catalog.table.js';
export * from '../versions/versions.table.js';
export * from '../auth/auth.table.js';
export * from '../keys/keys.table.js';
export * from '../usage/usage.table.js';
export * from '../demand/demand.table.js';
