import type { CatalogRow, DepartmentRow } from '../../catalog/index.js';
import { artifactUrl, type ArtifactInfo } from '../../versions/index.js';
import { accessRightsOf, catalogNames, formatOf, licenceOf } from '../vocabulary.js';
import { absolute, pagePath, type Lang } from '../page-paths.js';

// schema.org's Dataset (https://schema.org/Dataset, as Google Dataset Search reads it), built from the catalog's
// metadata alone: a pure function, so the dataset page, the tests and any other consumer say the same thing.

export type SchemaOrgVersion = { n: number; status: string; publishedAt: string; artifacts: Record<string, ArtifactInfo> };
export type SchemaOrgDatasetInput = {
  row: CatalogRow;
  versions: readonly SchemaOrgVersion[];
  department?: Pick<DepartmentRow, 'code' | 'contact_email' | 'contact_phone'>;
  /** The portal's public origin, e.g. https://data.example.gov.cn (no trailing slash). */
  origin: string;
  lang: Lang;
};

const pick = (lang: Lang, zh: string, en: string) => (lang === 'en' && en ? en : zh);
const day = (iso: string) => iso.slice(0, 10);

/** The department as a schema.org GovernmentOrganization (creator and publisher of its datasets). */
export function governmentOrganization(row: Pick<CatalogRow, 'department_id' | 'department_zh' | 'department_en'>, origin: string, lang: Lang, department?: SchemaOrgDatasetInput['department']) {
  return {
    '@type': 'GovernmentOrganization',
    name: pick(lang, row.department_zh, row.department_en),
    alternateName: lang === 'en' ? row.department_zh : row.department_en,
    url: absolute(origin, pagePath(lang, `/departments/${encodeURIComponent(row.department_id)}`)),
    ...(department ? { identifier: department.code } : {}),
    ...(department && (department.contact_email || department.contact_phone)
      ? { contactPoint: { '@type': 'ContactPoint', contactType: lang === 'en' ? 'data enquiries' : '数据咨询', ...(department.contact_email ? { email: department.contact_email } : {}), ...(department.contact_phone ? { telephone: department.contact_phone } : {}) } }
      : {}),
  };
}

/** The portal's catalog as the Dataset's includedInDataCatalog (the catalog page describes itself with more). */
export const dataCatalogRef = (origin: string, lang: Lang) => ({
  '@type': 'DataCatalog',
  name: catalogNames[lang],
  url: absolute(origin, pagePath(lang, '/datasets')),
});

function distribution(row: CatalogRow, latest: SchemaOrgVersion | undefined, origin: string) {
  if (!latest) return [];
  return row.formats.flatMap((format) => {
    const vocabulary = formatOf[format];
    if (!vocabulary) return [];
    const artifact = latest.artifacts[format];
    return [{
      '@type': 'DataDownload',
      name: `${row.id}_v${latest.n}.${format}`,
      encodingFormat: vocabulary.mediaType,
      contentUrl: absolute(origin, artifactUrl(row.id, latest.n, format as 'csv')),
      // Built on first request when not there yet: size and checksum only once the file exists.
      ...(artifact ? { contentSize: `${artifact.bytes} B`, sha256: artifact.sha256 } : {}),
      uploadDate: latest.publishedAt,
    }];
  });
}

/** The schema.org Dataset of one dataset, in the page's language (names in the other language as alternates). */
export function schemaOrgDataset({ row, versions, department, origin, lang }: SchemaOrgDatasetInput) {
  const published = versions.filter((v) => v.status === 'published');
  const latest = published.find((v) => v.n === row.latest_version) ?? published[0];
  const first = published.length ? published.reduce((a, b) => (a.n < b.n ? a : b)) : undefined;
  const page = absolute(origin, pagePath(lang, `/datasets/${encodeURIComponent(row.id)}`));
  const open = row.open_type === 'open';
  const organization = governmentOrganization(row, origin, lang, department);
  return {
    '@context': 'https://schema.org',
    '@type': 'Dataset',
    '@id': page,
    name: pick(lang, row.title_zh, row.title_en),
    alternateName: lang === 'en' ? row.title_zh : row.title_en,
    description: pick(lang, row.summary_zh, row.summary_en),
    url: page,
    sameAs: absolute(origin, pagePath(lang === 'en' ? 'zh' : 'en', `/datasets/${encodeURIComponent(row.id)}`)),
    identifier: [row.code, page],
    keywords: lang === 'en' ? [...row.keywords_en, ...row.keywords] : [...row.keywords, ...row.keywords_en],
    inLanguage: lang === 'en' ? ['zh-CN', 'en'] : ['zh-CN'],
    license: licenceOf(row.license).url,
    isAccessibleForFree: open,
    ...(open ? {} : { conditionsOfAccess: lang === 'en' ? accessRightsOf.conditional.en : accessRightsOf.conditional.zh }),
    creator: organization,
    publisher: organization,
    datePublished: first ? first.publishedAt : row.created_at,
    dateCreated: row.created_at,
    dateModified: row.updated_at,
    // The manifests record no period the rows describe: the span of the published versions, as DCAT-AP's dct:temporal.
    ...(first && latest ? { temporalCoverage: `${day(first.publishedAt)}/${day(latest.publishedAt)}` } : {}),
    spatialCoverage: { '@type': 'Place', name: row.spatial },
    ...(row.latest_version ? { version: String(row.latest_version) } : {}),
    about: { '@type': 'Thing', name: pick(lang, row.theme_zh, row.theme_en) },
    variableMeasured: row.schema.map((f) => ({
      '@type': 'PropertyValue',
      name: f.name,
      alternateName: lang === 'en' ? f.label_zh : (f.label_en ?? f.label_zh),
      description: [pick(lang, f.label_zh, f.label_en ?? ''), f.description].filter(Boolean).join(': '),
    })),
    // A conditional dataset's files need a grant: the page offers no download, nor does its structured data.
    ...(open ? { distribution: distribution(row, latest, origin) } : {}),
    includedInDataCatalog: dataCatalogRef(origin, lang),
  };
}
