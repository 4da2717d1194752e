import type { CatalogRow, DepartmentRow } from '../../catalog/index.js';
import { artifactUrl, type ArtifactKey } from '../../versions/index.js';
import { accessRightsOf, formatOf, frequencyOf, licenceOf, licences } from '../vocabulary.js';
import { ckanTime } from './ckan.envelope.js';
import { modifiedOf, type CkanSource, type ThemeRow, type VersionRow } from './ckan.source.js';

// Our catalog in CKAN's shapes (package, resource, organization, group, tag). The dataset's slug is both CKAN's
// `id` and `name` (slugs are lowercase letters, digits and hyphens, as CKAN names must be); departments are
// organizations, themes are groups. GB/T 21063 items CKAN has no field for go to `extras`.

const latestFormats = Object.keys(formatOf) as (keyof typeof formatOf & ArtifactKey)[];

/** A resource's id says which file it is: `<dataset>-v<n>-<format>` (resource_show reads it back). */
export const resourceId = (datasetId: string, n: number, format: string) => `${datasetId}-v${n}-${format}`;
export const parseResourceId = (id: string) => {
  const m = /^(.+)-v(\d+)-(csv|json|ndjson|xlsx)$/.exec(id);
  return m ? { datasetId: m[1]!, n: Number(m[2]), format: m[3] as ArtifactKey } : null;
};

export function presentResource(origin: string, r: CatalogRow, v: VersionRow, format: ArtifactKey, position: number) {
  const info = v.artifacts[format];
  const fmt = formatOf[format]!;
  return {
    id: resourceId(r.id, v.n, format),
    package_id: r.id,
    name: `${r.title_zh} v${v.n} ${fmt.ckan}`,
    description: v.changeNote,
    url: `${origin}${artifactUrl(r.id, v.n, format)}`,
    format: fmt.ckan,
    mimetype: fmt.mediaType,
    // Files are built on first request: size and hash are null until then.
    size: info?.bytes ?? null,
    hash: info?.sha256 ?? null,
    hash_algorithm: info ? 'sha256' : null,
    created: ckanTime(v.publishedAt),
    last_modified: ckanTime(v.publishedAt),
    metadata_modified: ckanTime(v.publishedAt),
    position,
    state: 'active',
    resource_type: null,
    url_type: null,
    datastore_active: false,
    version: String(v.n),
  };
}

/** The latest version's files, then one CSV per older published version (newest first). */
export function presentResources(origin: string, r: CatalogRow, versions: readonly VersionRow[]) {
  const published = versions.filter((v) => v.status === 'published').sort((a, b) => b.n - a.n);
  const latest = published.find((v) => v.n === r.latest_version);
  const files: [VersionRow, ArtifactKey][] = [
    ...(latest ? latestFormats.map((f) => [latest, f] as [VersionRow, ArtifactKey]) : []),
    ...published.filter((v) => v !== latest).map((v) => [v, 'csv'] as [VersionRow, ArtifactKey]),
  ];
  return files.map(([v, f], i) => presentResource(origin, r, v, f, i));
}

export function presentOrganization(origin: string, d: DepartmentRow, created: string | null) {
  return {
    id: d.id,
    name: d.id,
    title: d.name_zh,
    display_name: d.name_zh,
    description: d.name_en,
    type: 'organization',
    is_organization: true,
    state: 'active',
    approval_status: 'approved',
    image_url: '',
    image_display_url: '',
    created: ckanTime(created),
    package_count: d.datasets,
    extras: [{ key: 'code', value: d.code }, { key: 'title_en', value: d.name_en }],
    url: `${origin}/departments/${d.id}`,
  };
}

export function presentGroup(origin: string, t: ThemeRow) {
  return {
    id: t.id,
    name: t.id,
    title: t.name_zh,
    display_name: t.name_zh,
    description: t.name_en,
    type: 'group',
    is_organization: false,
    state: 'active',
    approval_status: 'approved',
    image_url: '',
    image_display_url: '',
    created: null,
    package_count: t.datasets,
    extras: [{ key: 'title_en', value: t.name_en }],
    url: `${origin}/datasets?theme=${encodeURIComponent(t.id)}`,
  };
}

/** CKAN tag names allow letters, digits, spaces, `-`, `_` and `.` (any script); other characters become `-`. */
const tagName = (k: string) => k.trim().replace(/[^\p{L}\p{N} _.-]/gu, '-').slice(0, 100);

export const tagsOf = (r: CatalogRow) => [...new Set([...r.keywords, ...r.keywords_en].map(tagName).filter((t) => t.length >= 2 || /\p{Script=Han}/u.test(t)))];

function extrasOf(r: CatalogRow, d: DepartmentRow | undefined) {
  const extras: Record<string, string> = {
    identifier: r.code,
    title_en: r.title_en,
    notes_en: r.summary_en,
    open_type: r.open_type,
    open_type_zh: accessRightsOf[r.open_type].zh,
    access_rights: accessRightsOf[r.open_type].eu,
    share_type: r.share_type,
    update_frequency: r.update_frequency,
    frequency: frequencyOf[r.update_frequency]?.eu ?? r.update_frequency,
    spatial_text: r.spatial,
    language: 'zh,en',
    records: String(r.records),
    fields: JSON.stringify(r.schema.map((f) => ({ name: f.name, label_zh: f.label_zh, label_en: f.label_en ?? null, type: f.type }))),
  };
  if (d) extras.publisher_code = d.code;
  if (d?.contact_phone) extras.contact_phone = d.contact_phone;
  if (r.industry) extras.industry = r.industry;
  if (r.related_codes.length) extras.related_codes = r.related_codes.join(',');
  return Object.keys(extras).sort().map((key) => ({ key, value: extras[key]! }));
}

export function presentPackage(origin: string, source: CkanSource, r: CatalogRow) {
  const dept = source.departments.find((d) => d.id === r.department_id);
  const theme = source.themes.find((t) => t.id === r.theme_id);
  const licence = licenceOf(r.license);
  const resources = presentResources(origin, r, source.versions.get(r.pk) ?? []);
  const tags = tagsOf(r).map((name) => ({ id: name, name, display_name: name, state: 'active', vocabulary_id: null }));
  return {
    id: r.id,
    name: r.id,
    title: r.title_zh,
    notes: r.summary_zh,
    url: `${origin}/datasets/${r.id}`,
    version: r.latest_version ? String(r.latest_version) : null,
    state: 'active',
    type: 'dataset',
    private: false,
    isopen: r.license in licences,
    license_id: licence.ckanId,
    license_title: licence.title,
    license_url: licence.url,
    author: r.department_zh,
    author_email: dept?.contact_email ?? null,
    maintainer: r.department_zh,
    maintainer_email: dept?.contact_email ?? null,
    metadata_created: ckanTime(r.created_at),
    metadata_modified: ckanTime(modifiedOf(source, r)),
    owner_org: r.department_id,
    organization: { id: r.department_id, name: r.department_id, title: r.department_zh, description: r.department_en, type: 'organization', is_organization: true, state: 'active', approval_status: 'approved', image_url: '' },
    groups: theme ? [{ id: theme.id, name: theme.id, title: theme.name_zh, display_name: theme.name_zh, description: theme.name_en, image_display_url: '' }] : [],
    tags,
    num_tags: tags.length,
    resources,
    num_resources: resources.length,
    extras: extrasOf(r, dept),
    relationships_as_object: [],
    relationships_as_subject: [],
  };
}

export type CkanPackage = ReturnType<typeof presentPackage>;
