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
// PortalLayout: Swagger UI's BaseLayout without its URL box, its one-entry server picker (an unlabelled select) and its
// own <main> (the portal page has one already: two main landmarks); DeepLink as plain text, since Swagger UI puts it
// inside the operation's toggle button (a link inside a button is not operable by keyboard or screen reader). The
// observer gives Swagger's headings the levels they have under the portal's h1 (its title is an h1, its tags h3).
const init = `(function () {
  var portalLayout = function (system) {
    var h = system.React.createElement;
    function PortalLayout(props) {
      var g = props.getComponent, spec = props.specSelectors;
      if (spec.loadingStatus() !== 'success') return h(g('BaseLayout'), props);
      var Row = g('Row'), Col = g('Col'), Auth = g('AuthorizeBtnContainer', true), Webhooks = g('Webhooks', true);
      var servers = spec.servers(), many = servers && servers.size > 1;
      return h('div', { className: 'swagger-ui' }, h(g('SvgAssets')), h(g('errors', true)),
        h(Row, { className: 'information-container' }, h(Col, { mobile: 12 }, h(g('InfoContainer', true)))),
        many || spec.securityDefinitions() ? h('div', { className: 'scheme-container' }, h(Col, { className: 'schemes wrapper', mobile: 12 },
          many ? h('div', { className: 'schemes-server-container' }, h(g('ServersContainer', true))) : null,
          spec.securityDefinitions() ? h(Auth) : null)) : null,
        h(g('FilterContainer', true)),
        h('div', { id: 'operations' },
          h(Row, null, h(Col, { mobile: 12, desktop: 12 }, h(g('operations', true)))),
          spec.isOAS31() ? h(Row, { className: 'webhooks-container' }, h(Col, { mobile: 12, desktop: 12 }, h(Webhooks))) : null,
          h(Row, null, h(Col, { mobile: 12, desktop: 12 }, h(g('Models', true))))));
    }
    return { components: { PortalLayout: PortalLayout, DeepLink: function (p) { return h('span', null, p.text); } } };
  };
  window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true, validatorUrl: null, presets: [SwaggerUIBundle.presets.apis], plugins: [portalLayout], layout: 'PortalLayout' });
  var root = document.getElementById('swagger-ui');
  var levels = function () {
    root.querySelectorAll('.info .title:not([aria-level])').forEach(function (el) { el.setAttribute('aria-level', '2'); });
  };
  new MutationObserver(levels).observe(root, { childList: true, subtree: true });
})();`;

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
