// The CKAN Action API (read-only subset): routes for src/app.ts.
export { ckanRoutes } from './ckan.routes.js';
