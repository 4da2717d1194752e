import type { CatalogRow, DepartmentRow } from '../../catalog/index.js';
import { artifactUrl, downloadFormats, type PublishedVersion } from '../../versions/index.js';
import { accessRightsOf, euThemeOf, formatOf, frequencyOf, ianaMediaTypeIri, languages, licenceOf, plannedAvailabilityStable, publisherTypeLocalAuthority } from '../vocabulary.js';
import { dateTime, type GraphBuilder, iri, plain, term, text, typed } from './terms.js';
import { agentIri, datasetIri, placeIri, themeIri, type Site, versionIri } from './iris.js';

/** `lastEdit`: the last metadata edit (updated_at moves only with versions), so dct:modified tells a harvester of a title or licence change. */
export type DatasetFacts = { row: CatalogRow; versions: readonly PublishedVersion[]; lastEdit?: string | undefined };

/** A department as the publisher (foaf:Agent) and its contact point (vCard), said once per graph. */
export function describeDepartment(g: GraphBuilder, site: Site, d: Pick<DepartmentRow, 'id' | 'code' | 'name_zh' | 'name_en' | 'contact_phone' | 'contact_email'>) {
  const agent = agentIri(site, d.id);
  g.a(agent, 'foaf:Agent', 'foaf:Organization');
  g.say(agent, 'foaf:name', text(d.name_zh, 'zh'), text(d.name_en, 'en'));
  g.say(agent, 'dct:type', iri(publisherTypeLocalAuthority));
  g.say(agent, 'dct:identifier', plain(d.code));
  const contact = `${agent}#contact`;
  g.a(contact, 'vcard:Organization');
  g.say(contact, 'vcard:fn', text(d.name_zh, 'zh'), text(d.name_en, 'en'));
  if (d.contact_email) g.say(contact, 'vcard:hasEmail', iri(`mailto:${d.contact_email}`));
  // 0555-2476013 is +86 555 2476013 (the leading 0 is the trunk prefix).
  if (d.contact_phone) g.say(contact, 'vcard:hasTelephone', iri(`tel:+86-${d.contact_phone.replace(/^0/, '')}`));
}

/** What a dataset and each of its versions share: who, what about, where, how open. */
function describeCommon(g: GraphBuilder, site: Site, subject: string, row: CatalogRow) {
  g.say(subject, 'dct:publisher', iri(agentIri(site, row.department_id)));
  g.say(subject, 'dcat:contactPoint', iri(`${agentIri(site, row.department_id)}#contact`));
  g.say(subject, 'dcat:keyword', ...row.keywords.map((k) => text(k, 'zh')), ...row.keywords_en.map((k) => text(k, 'en')));
  g.say(subject, 'dcat:theme', iri(themeIri(site, row.theme_id)), euThemeOf[row.theme_id] ? iri(euThemeOf[row.theme_id]!) : null);
  g.say(subject, 'dct:spatial', iri(placeIri(site, row.spatial)));
  g.say(subject, 'dct:accessRights', iri(accessRightsOf[row.open_type].eu));
  g.say(subject, 'dct:language', iri(languages.zh), iri(languages.en));
}

/** The period the published versions span up to `until` (the manifests carry no coverage of their own). */
function describeTemporal(g: GraphBuilder, subject: string, from: string | undefined, until: string | undefined) {
  if (!from || !until) return;
  const period = `${subject}#temporal`;
  g.say(subject, 'dct:temporal', iri(period));
  g.a(period, 'dct:PeriodOfTime');
  g.say(period, 'dcat:startDate', typed(from.slice(0, 10), 'xsd:date'));
  g.say(period, 'dcat:endDate', typed(until.slice(0, 10), 'xsd:date'));
}

function describeDistributions(g: GraphBuilder, site: Site, row: CatalogRow, v: PublishedVersion): string[] {
  const version = versionIri(site, row.id, v.n);
  const licence = licenceOf(row.license).url;
  return downloadFormats.map((format) => {
    const dist = `${version}#${format}`;
    const vocab = formatOf[format]!;
    const label = format.toUpperCase();
    g.a(dist, 'dcat:Distribution');
    g.say(dist, 'dct:title', text(`${row.title_zh}（第${v.n}版，${label}）`, 'zh'), text(`${row.title_en} (version ${v.n}, ${label})`, 'en'));
    g.say(dist, 'dct:description', text(`第${v.n}版的${label}文件，共${v.rowCount}行。`, 'zh'), text(`Version ${v.n} as ${label}, ${v.rowCount} rows.`, 'en'));
    g.say(dist, 'dcat:accessURL', iri(version));
    g.say(dist, 'dcat:downloadURL', iri(`${site.origin}${artifactUrl(row.id, v.n, format)}`));
    g.say(dist, 'dct:format', iri(vocab.eu));
    const media = ianaMediaTypeIri(vocab.mediaType);
    if (media) g.say(dist, 'dcat:mediaType', iri(media));
    g.say(dist, 'dct:license', iri(licence));
    g.say(dist, 'dct:issued', dateTime(v.publishedAt));
    g.say(dist, 'dcatap:availability', iri(plannedAvailabilityStable));
    // Files are built on first request (or by the background builder): size and checksum once they exist.
    const built = v.artifacts[format];
    if (built) {
      g.say(dist, 'dcat:byteSize', typed(built.bytes, 'xsd:nonNegativeInteger'));
      const checksum = `${dist}-sha256`;
      g.say(dist, 'spdx:checksum', iri(checksum));
      g.a(checksum, 'spdx:Checksum');
      g.say(checksum, 'spdx:algorithm', term('spdx:checksumAlgorithm_sha256'));
      g.say(checksum, 'spdx:checksumValue', typed(built.sha256, 'xsd:hexBinary'));
    }
    return dist;
  });
}

/**
 * One dataset as DCAT-AP 3: the dataset (its page's IRI) with the latest version's files as distributions, and each
 * published version as a dcat:Dataset of its own (DCAT 3 versioning: hasVersion, version, versionNotes, previousVersion).
 */
export function describeDataset(g: GraphBuilder, site: Site, { row, versions, lastEdit }: DatasetFacts) {
  const ds = datasetIri(site, row.id);
  g.a(ds, 'dcat:Dataset');
  g.say(ds, 'dct:identifier', plain(row.code));
  g.say(ds, 'dct:title', text(row.title_zh, 'zh'), text(row.title_en, 'en'));
  g.say(ds, 'dct:description', text(row.summary_zh, 'zh'), text(row.summary_en, 'en'));
  describeCommon(g, site, ds, row);
  g.say(ds, 'dct:accrualPeriodicity', iri(frequencyOf[row.update_frequency]?.eu ?? frequencyOf.irregular!.eu));
  g.say(ds, 'dct:issued', dateTime(row.created_at));
  g.say(ds, 'dct:modified', dateTime(lastEdit && Date.parse(lastEdit) > Date.parse(row.updated_at) ? lastEdit : row.updated_at));
  g.say(ds, 'dcat:landingPage', iri(ds));
  describeTemporal(g, ds, versions[0]?.publishedAt, versions.at(-1)?.publishedAt);

  let previous: string | null = null;
  for (const v of versions) {
    const vs = versionIri(site, row.id, v.n);
    g.say(ds, 'dcat:hasVersion', iri(vs));
    g.a(vs, 'dcat:Dataset');
    g.say(vs, 'dct:isVersionOf', iri(ds));
    g.say(vs, 'dct:identifier', plain(`${row.code}-v${v.n}`));
    g.say(vs, 'dct:title', text(`${row.title_zh}（第${v.n}版）`, 'zh'), text(`${row.title_en} (version ${v.n})`, 'en'));
    g.say(vs, 'dct:description', text(row.summary_zh, 'zh'), text(row.summary_en, 'en'));
    g.say(vs, 'dcat:version', plain(String(v.n)));
    g.say(vs, 'adms:versionNotes', text(v.changeNote, 'zh'));
    if (previous) g.say(vs, 'dcat:previousVersion', iri(previous));
    describeCommon(g, site, vs, row);
    g.say(vs, 'dct:issued', dateTime(v.publishedAt));
    g.say(vs, 'dcat:landingPage', iri(vs));
    describeTemporal(g, vs, versions[0]?.publishedAt, v.publishedAt);
    const dists = describeDistributions(g, site, row, v);
    g.say(vs, 'dcat:distribution', ...dists.map(iri));
    if (v === versions.at(-1)) {
      g.say(ds, 'dcat:hasCurrentVersion', iri(vs));
      g.say(ds, 'dcat:distribution', ...dists.map(iri));
    }
    previous = vs;
  }
}
