import { Hono } from 'hono';
import type { AppEnv } from '../../src/lib/context.js';
import { docsPolicyText } from '../../src/lib/security-headers.js';
import { href, type Lang } from '../i18n.js';
import { Layout } from '../components/layout.js';
import { render, requestedUrl, inBothLanguages } from '../render.js';

const text = {
  zh: {
    title: 'API 文档',
    intro: '开放数据平台的全部接口：目录、版本与下载、数据记录查询、统计。无条件开放的数据集不需要密钥即可查询记录（按访问地址限流）；有条件开放的数据需要经授权的 API 密钥。',
    key: '开发者中心：申请 API 密钥',
    openapi: 'OpenAPI 描述（openapi.json）',
    noscript: '交互式文档需要 JavaScript。接口描述见',
  },
  en: {
    title: 'API reference',
    intro: 'Every interface of the open-data portal: catalog, versions and downloads, records queries, statistics. Records of open datasets can be read without a key (limited per address); conditional datasets need an API key with a grant.',
    key: 'Developer centre: get an API key',
    openapi: 'OpenAPI description (openapi.json)',
    noscript: 'The interactive reference needs JavaScript. The API description is at',
  },
} as const;

/**
 * The API reference inside the portal's shell (header, language, footer): Swagger UI from the swagger-ui-dist
 * files src/interop/docs.routes.ts serves, started by /docs/init.js (no inline script, no validator, no CDN).
 */
function ApiDocsPage({ lang, url }: { lang: Lang; url: string }) {
  const t = text[lang];
  return (
    <Layout meta={{ lang, url, title: t.title, section: 'none', description: t.intro }}>
      <link rel="stylesheet" href="/docs/assets/swagger-ui.css" />
      <div class="container">
        <div class="page-head">
          <div>
            <h1>{t.title}</h1>
            <p>{t.intro}</p>
            <p>
              <a href={href(lang, '/developer')}>{t.key}</a> · <a href="/openapi.json" type="application/json">{t.openapi}</a>
            </p>
          </div>
        </div>
        <div id="swagger-ui" class="api-reference">
          <noscript>
            <p>
              {t.noscript} <a href="/openapi.json">/openapi.json</a>.
            </p>
          </noscript>
        </div>
      </div>
      <script src="/docs/assets/swagger-ui-bundle.js"></script>
      <script src="/docs/init.js"></script>
    </Layout>
  );
}

export function apiDocsPages() {
  const root = new Hono<AppEnv>();
  return inBothLanguages(root, (lang) => {
    const app = new Hono<AppEnv>();
    app.get('/api/docs', (c) => {
      // Swagger UI draws icons from data: and blob: URLs: the reference's own policy, still without inline script.
      c.header('Content-Security-Policy', docsPolicyText);
      return render(c, lang, <ApiDocsPage lang={lang} url={requestedUrl(c)} />);
    });
    return app;
  });
}
