import type { CatalogRow, DepartmentRef } from '../../catalog/index.js';
import type { VersionEvent } from '../../versions/index.js';
import { absolute, hreflangOf, pagePath, type Lang } from '../page-paths.js';
import { xmlDocument, type XmlNode } from './xml.js';

// The sitemap protocol (sitemaps.org 0.9) with each page's language versions as xhtml:link alternates (Google's
// hreflang in sitemaps): every page is listed once per language, each listing all of them and x-default (Chinese).

/** The protocol's limit of URLs in one sitemap file; above it /sitemap.xml becomes an index of parts. */
export const sitemapUrlLimit = 50_000;

export type SitemapPage = { path: string; lastmod: string };

const langs: Lang[] = ['zh', 'en'];
const latest = (dates: readonly string[], fallback: string) => dates.reduce((max, d) => (d > max ? d : max), fallback);

/** Every public page that matters, once (without language): home, catalog, departments, stats, datasets, versions. */
export function sitemapPages(datasets: readonly CatalogRow[], departments: readonly DepartmentRef[], versions: readonly VersionEvent[]): SitemapPage[] {
  const changed = new Map<number, string>();
  for (const v of versions) {
    const at = v.withdrawnAt ?? v.publishedAt;
    if (at > (changed.get(v.datasetPk) ?? '')) changed.set(v.datasetPk, at);
  }
  const datasetLastmod = (d: CatalogRow) => latest([d.updated_at, changed.get(d.pk) ?? ''], d.created_at);
  const catalogLastmod = latest(datasets.map(datasetLastmod), '1970-01-01T00:00:00Z');
  const byPk = new Map(datasets.map((d) => [d.pk, d]));
  return [
    ...['/', '/datasets', '/departments', '/stats'].map((path) => ({ path, lastmod: catalogLastmod })),
    ...departments.map((p) => ({
      path: `/departments/${encodeURIComponent(p.id)}`,
      lastmod: latest(datasets.filter((d) => d.department_id === p.id).map(datasetLastmod), '1970-01-01T00:00:00Z'),
    })),
    ...datasets.map((d) => ({ path: `/datasets/${encodeURIComponent(d.id)}`, lastmod: datasetLastmod(d) })),
    ...versions.flatMap((v) => {
      const d = byPk.get(v.datasetPk);
      return d ? [{ path: `/datasets/${encodeURIComponent(d.id)}/versions/${v.n}`, lastmod: v.withdrawnAt ?? v.publishedAt }] : [];
    }),
  ];
}

function urlEntries(origin: string, page: SitemapPage): XmlNode[] {
  const alternates = [
    ...langs.map((lang) => ({ '@rel': 'alternate', '@hreflang': hreflangOf[lang], '@href': absolute(origin, pagePath(lang, page.path)) })),
    { '@rel': 'alternate', '@hreflang': 'x-default', '@href': absolute(origin, pagePath('zh', page.path)) },
  ];
  return langs.map((lang) => ({ loc: absolute(origin, pagePath(lang, page.path)), lastmod: page.lastmod, 'xhtml:link': alternates as unknown as XmlNode[] }));
}

/** How many parts the pages need (each page is two URLs, one per language); 1: /sitemap.xml is the sitemap itself. */
export const sitemapPartCount = (pages: readonly SitemapPage[], limit = sitemapUrlLimit) => Math.max(1, Math.ceil((pages.length * langs.length) / limit));

/** One sitemap file of the pages of part `part` (0-based; the only part when there is one). */
export function sitemapXml(origin: string, pages: readonly SitemapPage[], part = 0, limit = sitemapUrlLimit): string {
  const perPart = Math.floor(limit / langs.length);
  const slice = pages.slice(part * perPart, (part + 1) * perPart);
  return xmlDocument({
    urlset: {
      '@xmlns': 'http://www.sitemaps.org/schemas/sitemap/0.9',
      '@xmlns:xhtml': 'http://www.w3.org/1999/xhtml',
      url: slice.flatMap((p) => urlEntries(origin, p)),
    },
  });
}

/** The sitemap index of the parts, `/sitemaps/<1..n>.xml`, used when the URLs do not fit in one file. */
export function sitemapIndexXml(origin: string, pages: readonly SitemapPage[], limit = sitemapUrlLimit): string {
  const perPart = Math.floor(limit / langs.length);
  const parts = sitemapPartCount(pages, limit);
  return xmlDocument({
    sitemapindex: {
      '@xmlns': 'http://www.sitemaps.org/schemas/sitemap/0.9',
      sitemap: Array.from({ length: parts }, (_, i) => ({
        loc: absolute(origin, `/sitemaps/${i + 1}.xml`),
        lastmod: latest(pages.slice(i * perPart, (i + 1) * perPart).map((p) => p.lastmod), '1970-01-01T00:00:00Z'),
      })),
    },
  });
}
