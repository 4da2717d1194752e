// Interop's public face: the API reference (/api/docs) and, as the interop formats land, their routes.
export { docsRoutes } from './docs.routes.js';
