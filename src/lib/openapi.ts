import type { OpenAPIHono } from '@hono/zod-openapi';

// The document-wide parts of the OpenAPI description: tags, security schemes, info. Features import the security
// requirements from here; src/openapi-document.ts generates and exports the whole document.

type OpenAPIRegistry = OpenAPIHono['openAPIRegistry'];

/** Every tag an operation may carry (one each), with what it groups. Add a feature's tag here before using it. */
export const openApiTags = [
  { name: 'Catalog', description: 'Datasets, departments and themes of the open-data catalog: search, filter and facets.' },
  { name: 'Versions and downloads', description: 'A dataset\'s metadata, its published versions and their files (CSV, JSON, XLSX and more), pinned for ever by version number.' },
  { name: 'Records', description: 'The rows of a version: filter, sort, select, search and page them as JSON, CSV or NDJSON.' },
  { name: 'Statistics', description: 'Public usage figures of the portal, its departments and datasets.' },
  { name: 'Publishing', description: 'Create datasets, edit their metadata, publish and withdraw versions (department publishers and admins).' },
  { name: 'Accounts', description: 'Register, sign in and out; the signed-in user.' },
  { name: 'API keys', description: 'The signed-in developer\'s API keys and their usage.' },
  { name: 'Assessment', description: 'The departments\' open-data scorecard and monthly reports (reviewers).' },
  { name: 'App showcase', description: 'Apps and results built on the data (应用成果): submitted by anyone signed in, public once approved by an admin or a department owning a dataset they name.' },
  { name: 'Demand board', description: 'Data requests, corrections and conditional-data orders: demands, votes, comments, the cart and deliveries.' },
  { name: 'Monitoring', description: 'The monitoring loop (监测-预警-整改-复核): warnings to departments about overdue updates, data quality and integrity, their explanations and reviews.' },
  { name: 'Audit', description: 'The tamper-evident audit trail of privileged actions (admins; department admins their department\'s; reviewers publish and withdraw events).' },
  { name: 'CKAN', description: 'A read-only subset of CKAN\'s Action API (api/3/action) for harvesters and CKAN clients; answers CKAN\'s envelope, not problem+json.' },
  { name: 'Linked data', description: 'The catalog as DCAT-AP 3 linked data (Turtle, JSON-LD, RDF/XML), paged as a Hydra collection.' },
  { name: 'Feeds', description: 'Sitemap, robots.txt and Atom feeds of new and changed versions.' },
] as const;

export type OpenApiTag = (typeof openApiTags)[number]['name'];

/** How a caller proves who they are: an API key (two ways to send it) or the portal's session cookie. */
export const securitySchemes = {
  bearerAuth: { type: 'http', scheme: 'bearer', description: 'API key from the developer centre (/developer): `Authorization: Bearer kf_...`' },
  apiKeyHeader: { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'The same API key in the X-API-Key header' },
  sessionCookie: { type: 'apiKey', in: 'cookie', name: 'kf_session', description: 'The portal\'s session cookie, set by POST /api/v1/auth/login (same-origin requests only)' },
} as const;

type SecurityRequirements = Record<string, string[]>[];

/** `security` of an operation: an API key, sent either way. */
export const keySecurity: SecurityRequirements = [{ bearerAuth: [] }, { apiKeyHeader: [] }];
/** `security` of an operation open without a key too (open datasets), a key raising the limits. */
export const optionalKeySecurity: SecurityRequirements = [...keySecurity, {}];
/** `security` of an operation for signed-in users. */
export const sessionSecurity: SecurityRequirements = [{ sessionCookie: [] }];
/** `security` of an operation anyone may call; a signed-in user may see more (e.g. conditional files with a grant). */
export const optionalSessionSecurity: SecurityRequirements = [{ sessionCookie: [] }, {}];

export const openApiInfo = {
  openapi: '3.1.0',
  info: {
    title: 'Kaifang open data API',
    version: '1.0.0',
    description: 'Catalog, versioned downloads and records of the city open-data portal. Errors are RFC 9457 problem+json (the CKAN sub-API answers CKAN\'s envelope).',
    contact: { name: 'Kaifang developer centre', url: '/developer' },
    license: { name: 'CC BY 4.0 (this API description; every dataset states its own licence)', identifier: 'CC-BY-4.0' },
  },
  servers: [{ url: '/', description: 'This portal (the document is served at /openapi.json on the portal it describes)' }],
  tags: openApiTags.map((t) => ({ ...t })),
  // Public unless an operation says otherwise: those that use a key or the session declare it themselves.
  security: [] as SecurityRequirements,
};

/** The components shared by every feature's routes; app.ts registers them on its router. */
export function registerOpenApiComponents(registry: OpenAPIRegistry) {
  for (const [name, scheme] of Object.entries(securitySchemes)) registry.registerComponent('securitySchemes', name, scheme);
}
