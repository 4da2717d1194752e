import type { CatalogRow, DepartmentRow } from '../../catalog/index.js';
import { euThemeScheme, languages, licenceOf } from '../vocabulary.js';
import { type DatasetFacts, describeDataset, describeDepartment } from './dataset-graph.js';
import { dateTime, graphBuilder, type GraphBuilder, iri, text, typed } from './terms.js';
import { agentIri, catalogIri, datasetIri, pageIri, placeIri, type Site, themeIri, themeSchemeIri } from './iris.js';

export type Theme = { id: string; name_zh: string; name_en: string };
export type PageFacts = { page: number; pageSize: number; totalItems: number };

/** The department that runs the portal publishes the catalog itself. */
export const catalogPublisherId = 'data-resources';

const portal = {
  zh: { title: '马鞍山市公共数据开放平台', description: '马鞍山市各部门开放的公共数据集目录，按 DCAT-AP 3 描述，含各版本及其数据文件。' },
  en: { title: "Ma'anshan Open Data", description: "The catalogue of public datasets opened by the departments of Ma'anshan, described with DCAT-AP 3, with every version and its files." },
};

/** What every graph that names these resources says of them once: departments, themes, places. */
export function describeShared(g: GraphBuilder, site: Site, departments: readonly DepartmentRow[], themes: readonly Theme[], rows: readonly CatalogRow[]) {
  const used = new Set(rows.map((r) => r.department_id));
  for (const d of departments) if (used.has(d.id)) describeDepartment(g, site, d);
  const usedThemes = new Set(rows.map((r) => r.theme_id));
  for (const t of themes) {
    if (!usedThemes.has(t.id)) continue;
    g.a(themeIri(site, t.id), 'skos:Concept');
    g.say(themeIri(site, t.id), 'skos:prefLabel', text(t.name_zh, 'zh'), text(t.name_en, 'en'));
    g.say(themeIri(site, t.id), 'skos:inScheme', iri(themeSchemeIri(site)));
  }
  for (const spatial of new Set(rows.map((r) => r.spatial))) {
    g.a(placeIri(site, spatial), 'dct:Location');
    g.say(placeIri(site, spatial), 'skos:prefLabel', text(spatial, 'zh'));
    g.say(placeIri(site, spatial), 'locn:geographicName', text(spatial, 'zh'));
  }
}

/** The catalog resource (one per portal), said the same on every page. */
function describeCatalog(g: GraphBuilder, site: Site, all: readonly CatalogRow[], departments: readonly DepartmentRow[], themes: readonly Theme[]) {
  const cat = catalogIri(site);
  g.a(cat, 'dcat:Catalog');
  g.say(cat, 'dct:title', text(portal.zh.title, 'zh'), text(portal.en.title, 'en'));
  g.say(cat, 'dct:description', text(portal.zh.description, 'zh'), text(portal.en.description, 'en'));
  const publisher = departments.find((d) => d.id === catalogPublisherId) ?? departments[0];
  if (publisher) {
    g.say(cat, 'dct:publisher', iri(agentIri(site, publisher.id)));
    describeDepartment(g, site, publisher);
  }
  g.say(cat, 'foaf:homepage', iri(`${site.origin}/`));
  g.say(cat, 'dct:language', iri(languages.zh), iri(languages.en));
  g.say(cat, 'dct:license', iri(licenceOf('CC-BY-4.0').url));
  g.say(cat, 'dcat:themeTaxonomy', iri(themeSchemeIri(site)), iri(euThemeScheme));
  g.a(themeSchemeIri(site), 'skos:ConceptScheme');
  g.say(themeSchemeIri(site), 'dct:title', text('数据主题', 'zh'), text('Data themes', 'en'));
  for (const t of themes) g.say(themeSchemeIri(site), 'skos:hasTopConcept', iri(themeIri(site, t.id)));
  const created = all.map((r) => r.created_at).sort();
  const updated = all.map((r) => r.updated_at).sort();
  if (created[0]) g.say(cat, 'dct:issued', dateTime(created[0]));
  if (updated.at(-1)) g.say(cat, 'dct:modified', dateTime(updated.at(-1)!));
  for (const spatial of new Set(all.map((r) => r.spatial))) g.say(cat, 'dct:spatial', iri(placeIri(site, spatial)));
}

/** Hydra paging: the current Hydra terms (next, first, ...) and the older ones (nextPage, ...) that harvesters such as ckanext-dcat read. */
function describePage(g: GraphBuilder, site: Site, { page, pageSize, totalItems }: PageFacts) {
  const last = Math.max(1, Math.ceil(totalItems / pageSize));
  const here = pageIri(site, page);
  g.a(here, 'hydra:PagedCollection');
  g.say(here, 'hydra:totalItems', typed(totalItems, 'xsd:integer'));
  g.say(here, 'hydra:itemsPerPage', typed(pageSize, 'xsd:integer'));
  const links: [string, number | null][] = [['first', 1], ['last', last], ['next', page < last ? page + 1 : null], ['previous', page > 1 ? page - 1 : null]];
  for (const [rel, n] of links) {
    if (n === null) continue;
    g.say(here, `hydra:${rel}`, iri(pageIri(site, n)));
    g.say(here, `hydra:${rel}Page`, iri(pageIri(site, n)));
  }
}

export type CatalogPageInput = { all: readonly CatalogRow[]; datasets: readonly DatasetFacts[]; departments: readonly DepartmentRow[]; themes: readonly Theme[]; page: PageFacts };

/** One page of the catalog, complete linked data: the catalog, its datasets on this page, all they refer to, and the paging. */
export function catalogPageGraph(site: Site, input: CatalogPageInput) {
  const g = graphBuilder();
  describeCatalog(g, site, input.all, input.departments, input.themes);
  for (const d of input.datasets) g.say(catalogIri(site), 'dcat:dataset', iri(datasetIri(site, d.row.id)));
  describePage(g, site, input.page);
  const rows = input.datasets.map((d) => d.row);
  describeShared(g, site, input.departments, input.themes, rows);
  for (const d of input.datasets) describeDataset(g, site, d);
  return dedupe(g.quads);
}

/** One dataset's graph (its page's linked-data twin). */
export function datasetGraph(site: Site, facts: DatasetFacts, departments: readonly DepartmentRow[], themes: readonly Theme[]) {
  const g = graphBuilder();
  describeShared(g, site, departments, themes, [facts.row]);
  describeDataset(g, site, facts);
  return dedupe(g.quads);
}

/** The catalog publisher may also publish datasets on the page: the same triples said twice are one triple. */
function dedupe<Q extends { subject: { value: string }; predicate: { value: string }; object: { termType: string; value: string } }>(quads: Q[]): Q[] {
  const seen = new Set<string>();
  return quads.filter((q) => {
    const object = q.object as unknown as { termType: string; value: string; language?: string; datatype?: { value: string } };
    const key = `${q.subject.value} ${q.predicate.value} ${object.termType} ${object.value} ${object.language ?? ''} ${object.datatype?.value ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
