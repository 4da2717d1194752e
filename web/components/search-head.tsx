import type { FC } from 'hono/jsx';
import { jsonForScript, schemaOrgCatalog, schemaOrgDataset, type SchemaOrgCatalogEntry, type SchemaOrgDatasetInput, type SchemaOrgVersion } from '../../src/interop/index.js';
import type { CatalogRow } from '../../src/catalog/index.js';
import type { Lang } from '../i18n.js';

// What a page puts in its <head> for search engines and feed readers: schema.org JSON-LD and Atom feed links.

/** schema.org JSON-LD: the JSON is escaped for a <script> element (a `</script>` in a title cannot end it). */
export const JsonLd: FC<{ data: unknown }> = ({ data }) => (
  <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonForScript(data) }} />
);

/** `<link rel="alternate">` to an Atom feed, which feed readers discover from the page. */
export const FeedLink: FC<{ href: string; title: string }> = ({ href, title }) => (
  <link rel="alternate" type="application/atom+xml" title={title} href={href} />
);

export const feedHref = {
  portal: '/feeds/versions.atom',
  department: (id: string) => `/feeds/departments/${encodeURIComponent(id)}.atom`,
  dataset: (id: string) => `/feeds/datasets/${encodeURIComponent(id)}.atom`,
};

type DatasetHeadData = { row: CatalogRow; versions: readonly SchemaOrgVersion[]; department?: SchemaOrgDatasetInput['department'] };

/** A dataset page's head: its schema.org Dataset and its feed. */
export const DatasetHead: FC<{ lang: Lang; origin: string; data: DatasetHeadData }> = ({ lang, origin, data }) => (
  <>
    <JsonLd data={schemaOrgDataset({ row: data.row, versions: data.versions, department: data.department, origin, lang })} />
    <FeedLink href={feedHref.dataset(data.row.id)} title={lang === 'en' ? `${data.row.title_en || data.row.title_zh}: new versions (Atom)` : `${data.row.title_zh}：新版本（Atom）`} />
  </>
);

/** The catalog page's head: the portal's schema.org DataCatalog with the datasets shown, and the portal's feed. */
export const CatalogHead: FC<{ lang: Lang; origin: string; datasets: readonly SchemaOrgCatalogEntry[] }> = ({ lang, origin, datasets }) => (
  <>
    <JsonLd data={schemaOrgCatalog({ origin, lang, datasets, license: 'CC-BY-4.0' })} />
    <PortalFeedLink lang={lang} />
  </>
);

export const PortalFeedLink: FC<{ lang: Lang }> = ({ lang }) => (
  <FeedLink href={feedHref.portal} title={lang === 'en' ? 'New versions of every dataset (Atom)' : '全部数据集的新版本（Atom）'} />
);

export const DepartmentFeedLink: FC<{ lang: Lang; id: string; name: string }> = ({ lang, id, name }) => (
  <FeedLink href={feedHref.department(id)} title={lang === 'en' ? `${name}: new dataset versions (Atom)` : `${name}：数据集新版本（Atom）`} />
);
