import type { CatalogRow } from '../catalog/index.js';
import type { FieldSpec } from '../lib/field-spec.js';
import type { getVersion } from './versions.service.js';
import { artifactSpecs, artifactUrl, downloadFormats } from './artifacts.js';

type VersionRow = NonNullable<Awaited<ReturnType<typeof getVersion>>>;

const licenses: Record<string, { path: string; title: string }> = {
  'CC-BY-4.0': { path: 'https://creativecommons.org/licenses/by/4.0/', title: 'Creative Commons Attribution 4.0' },
};

/** Frictionless Table Schema from our field schema (the type names coincide). */
export function tableSchema(fields: FieldSpec[]) {
  const pk = fields.find((f) => f.primary_key);
  return {
    fields: fields.map((f) => {
      const constraints = {
        ...(f.required || f.primary_key ? { required: true } : {}),
        ...(f.primary_key ? { unique: true } : {}),
        ...(f.enum ? { enum: f.enum } : {}),
      };
      return {
        name: f.name,
        title: f.label_zh,
        ...(f.description ? { description: f.description } : {}),
        type: f.type,
        format: 'default',
        ...(Object.keys(constraints).length ? { constraints } : {}),
      };
    }),
    ...(pk ? { primaryKey: [pk.name] } : {}),
    missingValues: [''],
  };
}

const csvDialect = { delimiter: ',', lineTerminator: '\r\n', quoteChar: '"', doubleQuote: true, header: true };

/**
 * A Frictionless Data Package for one version: one resource per format, each with its absolute URL,
 * size and sha256 (`hash: "sha256:..."`), all sharing one Table Schema.
 */
export function buildDataPackage(dataset: CatalogRow, version: VersionRow, origin: string) {
  const schema = tableSchema(version.schema);
  const license = licenses[dataset.license];
  return {
    profile: 'data-package',
    id: `${origin}/api/v1/datasets/${dataset.id}/versions/${version.n}`,
    name: dataset.id,
    title: dataset.title_zh,
    description: dataset.summary_zh,
    version: `${version.n}.0.0`,
    created: version.publishedAt,
    homepage: `${origin}/datasets/${dataset.id}`,
    keywords: dataset.keywords,
    licenses: [{ name: dataset.license, ...(license ?? {}) }],
    contributors: [{ title: dataset.department_zh, role: 'publisher' }],
    resources: downloadFormats.map((format) => {
      const info = version.artifacts[format];
      const spec = artifactSpecs[format];
      return {
        name: `${dataset.id}-v${version.n}-${format}`,
        title: `${dataset.title_zh} (${spec.label})`,
        profile: format === 'csv' ? 'tabular-data-resource' : 'data-resource',
        path: `${origin}${artifactUrl(dataset.id, version.n, format)}`,
        format,
        mediatype: spec.mediaType.split(';')[0]!,
        ...(format === 'xlsx' ? {} : { encoding: 'utf-8' }),
        ...(info ? { bytes: info.bytes, hash: `sha256:${info.sha256}` } : {}),
        ...(format === 'csv' ? { dialect: csvDialect } : {}),
        schema,
      };
    }),
  };
}
