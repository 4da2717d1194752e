import { Hono } from 'hono';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import type { AppDeps } from '../app-deps.js';
import type { AppEnv } from '../lib/context.js';
import { docsPolicyText } from '../lib/security-headers.js';

const swaggerDir = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
const assets: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
};

const page = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Kaifang API reference</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><main id="swagger-ui"><noscript><p>The interactive reference needs JavaScript. The OpenAPI document is at <a href="/openapi.json">/openapi.json</a>.</p></noscript></main>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script></body></html>`;

// validatorUrl null: Swagger UI would otherwise send the document to validator.swagger.io for a badge.
// BaseLayout: no top bar with a URL box (the page shows this portal's document only).
const init = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true, validatorUrl: null, presets: [SwaggerUIBundle.presets.apis], layout: 'BaseLayout' });`;

export type DocsOptions = {
  /** Where the portal shows the reference in its own shell (header, language, search, footer); /docs sends people there. */
  portalPage?: string;
};

/**
 * The API reference UI, served from the swagger-ui-dist package: no CDN, so it works on an intranet. The portal shows
 * it in its own shell at /api/docs (web/routes/api-docs.tsx) with these assets, and /docs redirects there: one
 * reference with the portal's header, language and contrast instead of a bare English page beside it. The bare page
 * stays for the API alone (no pages).
 */
export function docsRoutes(_deps: AppDeps, options: DocsOptions = {}) {
  const app = new Hono<AppEnv>();
  const { portalPage } = options;
  app.get('/docs', (c) => (portalPage ? c.redirect(portalPage, 302) : c.html(page, 200, { 'Content-Security-Policy': docsPolicyText })));
  app.get('/docs/init.js', (c) => c.body(init, 200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'public, max-age=3600' }));
  app.get('/docs/assets/:file', (c) => {
    const file = c.req.param('file');
    const type = assets[file];
    if (!type) return c.notFound();
    return c.body(fs.readFileSync(path.join(swaggerDir, file)), 200, { 'Content-Type': type, 'Cache-Control': 'public, max-age=86400' });
  });
  return app;
}
