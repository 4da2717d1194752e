// The controlled vocabularies the interop formats (CKAN, DCAT-AP, schema.org, feeds) share, so each says the same
// thing of a dataset: one table per fact, keyed by our own values (the catalog's and the download formats').

/** Licences the catalog uses (datasets/schema.ts allows CC-BY-4.0 today), with CKAN's id and title and the URL. */
export const licences: Record<string, { ckanId: string; title: string; url: string; spdx: string }> = {
  'CC-BY-4.0': { ckanId: 'cc-by-4.0', title: 'Creative Commons Attribution 4.0', url: 'https://creativecommons.org/licenses/by/4.0/', spdx: 'CC-BY-4.0' },
};

export const licenceOf = (id: string) => licences[id] ?? { ckanId: id.toLowerCase(), title: id, url: `https://spdx.org/licenses/${encodeURIComponent(id)}.html`, spdx: id };

/** Update frequencies as the EU frequency vocabulary (DCAT-AP's dct:accrualPeriodicity) and ISO 8601 durations. */
export const frequencyOf: Record<string, { eu: string; iso8601: string | null }> = {
  daily: { eu: 'http://publications.europa.eu/resource/authority/frequency/DAILY', iso8601: 'P1D' },
  weekly: { eu: 'http://publications.europa.eu/resource/authority/frequency/WEEKLY', iso8601: 'P1W' },
  monthly: { eu: 'http://publications.europa.eu/resource/authority/frequency/MONTHLY', iso8601: 'P1M' },
  quarterly: { eu: 'http://publications.europa.eu/resource/authority/frequency/QUARTERLY', iso8601: 'P3M' },
  yearly: { eu: 'http://publications.europa.eu/resource/authority/frequency/ANNUAL', iso8601: 'P1Y' },
  irregular: { eu: 'http://publications.europa.eu/resource/authority/frequency/IRREG', iso8601: null },
};

/**
 * Download formats (src/versions/artifacts.ts) as the EU file-type vocabulary (dct:format), IANA media types
 * (dcat:mediaType, CKAN's mimetype, schema.org's encodingFormat) and the name CKAN's `res_format` facet uses.
 */
export const formatOf: Record<string, { eu: string; mediaType: string; ckan: string }> = {
  csv: { eu: 'http://publications.europa.eu/resource/authority/file-type/CSV', mediaType: 'text/csv', ckan: 'CSV' },
  json: { eu: 'http://publications.europa.eu/resource/authority/file-type/JSON', mediaType: 'application/json', ckan: 'JSON' },
  ndjson: { eu: 'http://publications.europa.eu/resource/authority/file-type/JSON', mediaType: 'application/x-ndjson', ckan: 'NDJSON' },
  xlsx: { eu: 'http://publications.europa.eu/resource/authority/file-type/XLSX', mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ckan: 'XLSX' },
};

/** Open types (无条件开放 / 有条件开放) as the EU access-right vocabulary (dct:accessRights). */
export const accessRightsOf: Record<'open' | 'conditional', { eu: string; zh: string; en: string }> = {
  open: { eu: 'http://publications.europa.eu/resource/authority/access-right/PUBLIC', zh: '无条件开放', en: 'Open without conditions' },
  conditional: { eu: 'http://publications.europa.eu/resource/authority/access-right/RESTRICTED', zh: '有条件开放', en: 'Open on conditions (a grant is needed)' },
};

/** Languages of the catalog's text (dct:language, EU language vocabulary). */
export const languages = {
  zh: 'http://publications.europa.eu/resource/authority/language/ZHO',
  en: 'http://publications.europa.eu/resource/authority/language/ENG',
} as const;

/** IANA media type IRI (dcat:mediaType); null for an unregistered `x-` type (NDJSON), which the IANA list does not name. */
export const ianaMediaTypeIri = (mediaType: string): string | null =>
  /\/x-/.test(mediaType) ? null : `http://www.iana.org/assignments/media-types/${mediaType}`;

/** Our themes on the EU data-theme vocabulary (DCAT-AP's dcat:theme; our own theme scheme is given too). */
export const euThemeOf: Record<string, string> = Object.fromEntries(Object.entries({
  economy: 'ECON', credit: 'ECON', 'finance-tax': 'ECON', 'education-science': 'EDUC', health: 'HEAL', 'social-employment': 'SOCI',
  transport: 'TRAN', 'resources-environment': 'ENVI', 'urban-housing': 'REGI', agriculture: 'AGRI', 'culture-leisure': 'EDUC',
  'public-safety': 'JUST', livelihood: 'SOCI', organizations: 'GOVE', weather: 'ENVI',
}).map(([id, code]) => [id, `http://publications.europa.eu/resource/authority/data-theme/${code}`]));
export const euThemeScheme = 'http://publications.europa.eu/resource/authority/data-theme';

/** DCAT-AP's dcatap:availability of our files: versions are immutable and kept, so every file is STABLE. */
export const plannedAvailabilityStable = 'http://publications.europa.eu/resource/authority/planned-availability/STABLE';

/** The ADMS publisher type of the city's departments (dct:type of a publisher). */
export const publisherTypeLocalAuthority = 'http://purl.org/adms/publishertype/LocalAuthority';

/** The catalog's own name (the portal), as its pages, feeds and schema.org DataCatalog call it. */
export const catalogNames = { zh: '马鞍山市公共数据开放平台', en: "Ma'anshan Open Data" } as const;
