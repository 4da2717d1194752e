import { catalogNames, licenceOf } from '../vocabulary.js';
import { absolute, pagePath, type Lang } from '../page-paths.js';

export type SchemaOrgCatalogEntry = { id: string; code: string; title_zh: string; title_en: string };

const descriptions: Record<Lang, string> = {
  zh: '马鞍山市各政务部门开放的公共数据资源目录：免费下载（CSV、JSON、NDJSON、XLSX）与数据接口。',
  en: "The catalog of public data opened by the departments of Ma'anshan city: free downloads (CSV, JSON, NDJSON, XLSX) and an API.",
};

/** The catalog page as a schema.org DataCatalog, listing the datasets shown on the page. */
export function schemaOrgCatalog({ origin, lang, datasets, license }: { origin: string; lang: Lang; datasets: readonly SchemaOrgCatalogEntry[]; license?: string }) {
  const url = absolute(origin, pagePath(lang, '/datasets'));
  return {
    '@context': 'https://schema.org',
    '@type': 'DataCatalog',
    '@id': url,
    name: catalogNames[lang],
    alternateName: catalogNames[lang === 'en' ? 'zh' : 'en'],
    description: descriptions[lang],
    url,
    inLanguage: lang === 'en' ? ['zh-CN', 'en'] : ['zh-CN'],
    ...(license ? { license: licenceOf(license).url } : {}),
    isAccessibleForFree: true,
    dataset: datasets.map((d) => ({
      '@type': 'Dataset',
      '@id': absolute(origin, pagePath(lang, `/datasets/${encodeURIComponent(d.id)}`)),
      name: lang === 'en' && d.title_en ? d.title_en : d.title_zh,
      identifier: d.code,
      url: absolute(origin, pagePath(lang, `/datasets/${encodeURIComponent(d.id)}`)),
    })),
  };
}
