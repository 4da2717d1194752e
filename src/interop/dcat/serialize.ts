import { createRequire } from 'node:module';
import type { Transform } from 'node:stream';
import { Writer, type Quad } from 'n3';
import { prefixes } from './terms.js';

/** The three serializations, by the media type each answers with. */
export const rdfMediaTypes = { turtle: 'text/turtle', jsonld: 'application/ld+json', rdfxml: 'application/rdf+xml' } as const;
export type RdfFormat = keyof typeof rdfMediaTypes;

export function toTurtle(quads: Quad[]): Promise<string> {
  const writer = new Writer({ prefixes: { ...prefixes } });
  writer.addQuads(quads);
  return new Promise((resolve, reject) => writer.end((err, out: string) => (err ? reject(err) : resolve(out))));
}

// graphy ships CommonJS without typings: a Transform taking RDF/JS quads and giving RDF/XML text.
const xmlScribe = createRequire(import.meta.url)('@graphy/content.xml.scribe') as (config: { prefixes: Record<string, string> }) => Transform;

export function toRdfXml(quads: Quad[]): Promise<string> {
  const scribe = xmlScribe({ prefixes: { ...prefixes } });
  const chunks: string[] = [];
  return new Promise((resolve, reject) => {
    scribe.on('data', (chunk: Buffer | string) => chunks.push(String(chunk)));
    scribe.on('error', reject);
    scribe.on('end', () => resolve(chunks.join('')));
    for (const q of quads) scribe.write(q);
    scribe.end();
  });
}

const compact = (value: string): string => {
  for (const [p, ns] of Object.entries(prefixes)) if (value.startsWith(ns) && /^[A-Za-z_][\w-]*$/.test(value.slice(ns.length))) return `${p}:${value.slice(ns.length)}`;
  return value;
};

type JsonValue = string | { '@id': string } | { '@value': string; '@language': string } | { '@value': string; '@type': string };

function jsonObject(o: Quad['object']): JsonValue {
  if (o.termType === 'NamedNode') return { '@id': o.value };
  if (o.termType !== 'Literal') throw new Error(`not expected in the catalog graph: a ${o.termType}`);
  if (o.language) return { '@value': o.value, '@language': o.language };
  if (o.datatype.value === `${prefixes.xsd}string`) return o.value;
  return { '@value': o.value, '@type': compact(o.datatype.value) };
}

/**
 * JSON-LD in compacted form: one @context of prefixes, one node per subject in @graph, properties as compact IRIs,
 * a lone value unwrapped. Written directly (the jsonld library is large and only needed to read it back, in the tests).
 */
export function toJsonLd(quads: Quad[]): string {
  const nodes = new Map<string, Record<string, unknown>>();
  for (const q of quads) {
    const node = nodes.get(q.subject.value) ?? { '@id': q.subject.value };
    nodes.set(q.subject.value, node);
    const key = q.predicate.value === `${prefixes.rdf}type` ? '@type' : compact(q.predicate.value);
    const value = key === '@type' ? compact(q.object.value) : jsonObject(q.object);
    const had = node[key];
    node[key] = had === undefined ? value : Array.isArray(had) ? [...had, value] : [had, value];
  }
  const context = Object.fromEntries(Object.entries(prefixes).filter(([p]) => p !== 'rdf'));
  return `${JSON.stringify({ '@context': context, '@graph': [...nodes.values()] }, null, 1)}\n`;
}

export async function serialize(quads: Quad[], format: RdfFormat): Promise<string> {
  if (format === 'turtle') return await toTurtle(quads);
  if (format === 'rdfxml') return await toRdfXml(quads);
  return toJsonLd(quads);
}
