import type { CatalogRow } from '../../catalog/index.js';
import type { VersionEvent } from '../../versions/index.js';
import { licenceOf } from '../vocabulary.js';
import { absolute, hreflangOf, pagePath } from '../page-paths.js';
import { xmlDocument, xmlText, type XmlNode } from './xml.js';

// Atom (RFC 4287) feeds of new and changed versions. An entry is a version: its id is the version page's URL (it
// never changes), `published` is when it was published and `updated` when it last changed (withdrawn, or published).

export const feedEntryLimit = 50;
export const atomMediaType = 'application/atom+xml';

export type AtomFeedInput = {
  origin: string;
  /** Path of the feed itself (its id and rel="self"). */
  selfPath: string;
  /** Path of the page the feed follows (rel="alternate"). */
  pagePath: string;
  title: string;
  subtitle: string;
  author: { name: string; uri?: string };
  events: readonly VersionEvent[];
  datasets: ReadonlyMap<number, CatalogRow>;
  /** When the feed has no entries: the time its subject last changed. */
  emptyUpdated: string;
};

const both = (zh: string, en: string, sep = ' · ') => (en && en !== zh ? `${zh}${sep}${en}` : zh);

const changedAt = (e: VersionEvent) => e.withdrawnAt ?? e.publishedAt;

function entryTitle(e: VersionEvent, d: CatalogRow): string {
  const zh = `${e.status === 'withdrawn' ? '已撤回：' : ''}${d.title_zh} 第 ${e.n} 版`;
  const en = d.title_en ? `${e.status === 'withdrawn' ? 'Withdrawn: ' : ''}${d.title_en}, version ${e.n}` : '';
  return both(zh, en);
}

function entrySummary(e: VersionEvent, d: CatalogRow): string {
  const zh = e.status === 'withdrawn'
    ? `此版本已撤回${e.withdrawnReason ? `：${e.withdrawnReason}` : ''}。原变更说明：${e.changeNote}`
    : `${e.changeNote}（共 ${e.rowCount} 条记录）`;
  const en = d.title_en
    ? e.status === 'withdrawn'
      ? `Version ${e.n} of “${d.title_en}” was withdrawn.`
      : `Version ${e.n} of “${d.title_en}”: ${e.rowCount} records.${d.summary_en ? ` ${d.summary_en}` : ''}`
    : '';
  return both(zh, en, '\n\n');
}

const personOf = (d: CatalogRow, origin: string) => ({
  name: xmlText(both(d.department_zh, d.department_en, ' / ')),
  uri: absolute(origin, pagePath('zh', `/departments/${encodeURIComponent(d.department_id)}`)),
});

function entry(e: VersionEvent, d: CatalogRow, origin: string): XmlNode {
  const versionPath = `/datasets/${encodeURIComponent(d.id)}/versions/${e.n}`;
  return {
    id: absolute(origin, versionPath),
    title: { '@type': 'text', '#text': xmlText(entryTitle(e, d)) },
    updated: changedAt(e),
    published: e.publishedAt,
    author: personOf(d, origin),
    link: [
      { '@rel': 'alternate', '@type': 'text/html', '@hreflang': hreflangOf.zh, '@href': absolute(origin, pagePath('zh', versionPath)) },
      { '@rel': 'alternate', '@type': 'text/html', '@hreflang': hreflangOf.en, '@href': absolute(origin, pagePath('en', versionPath)) },
      { '@rel': 'related', '@type': 'text/html', '@href': absolute(origin, pagePath('zh', `/datasets/${encodeURIComponent(d.id)}`)) },
    ] as unknown as XmlNode[],
    category: { '@term': d.theme_id, '@label': xmlText(both(d.theme_zh, d.theme_en, ' / ')) },
    summary: { '@type': 'text', '#text': xmlText(entrySummary(e, d)) },
    rights: licenceOf(d.license).title,
  };
}

/** The feed document and its `updated` (for Last-Modified): the newest entries first, at most 50. */
export function atomFeed(input: AtomFeedInput): { xml: string; updated: string } {
  const events = input.events.filter((e) => input.datasets.has(e.datasetPk)).slice(0, feedEntryLimit);
  const updated = events.reduce((max, e) => (changedAt(e) > max ? changedAt(e) : max), events.length ? changedAt(events[0]!) : input.emptyUpdated);
  const xml = xmlDocument({
    feed: {
      '@xmlns': 'http://www.w3.org/2005/Atom',
      '@xml:lang': hreflangOf.zh,
      id: absolute(input.origin, input.selfPath),
      title: { '@type': 'text', '#text': xmlText(input.title) },
      subtitle: { '@type': 'text', '#text': xmlText(input.subtitle) },
      updated,
      link: [
        { '@rel': 'self', '@type': atomMediaType, '@href': absolute(input.origin, input.selfPath) },
        { '@rel': 'alternate', '@type': 'text/html', '@hreflang': hreflangOf.zh, '@href': absolute(input.origin, pagePath('zh', input.pagePath)) },
        { '@rel': 'alternate', '@type': 'text/html', '@hreflang': hreflangOf.en, '@href': absolute(input.origin, pagePath('en', input.pagePath)) },
      ] as unknown as XmlNode[],
      author: { name: xmlText(input.author.name), ...(input.author.uri ? { uri: input.author.uri } : {}) },
      generator: 'Kaifang',
      entry: events.map((e) => entry(e, input.datasets.get(e.datasetPk)!, input.origin)),
    },
  });
  return { xml, updated };
}
