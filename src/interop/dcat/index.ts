// DCAT-AP 3: the catalog as linked data (routes for /catalog*), and a dataset's graph for its page's negotiation.
export { dcatRoutes } from './dcat.routes.js';
export { datasetLinkedData } from './dataset-answer.js';
export { negotiateRdf } from './negotiate.js';
