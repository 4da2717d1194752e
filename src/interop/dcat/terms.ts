import { DataFactory, type Quad, type Quad_Object } from 'n3';

// The vocabularies the DCAT-AP graph speaks, with the prefixes every serialization declares.
export const prefixes = {
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  dcatap: 'http://data.europa.eu/r5r/',
  adms: 'http://www.w3.org/ns/adms#',
  foaf: 'http://xmlns.com/foaf/0.1/',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  spdx: 'http://spdx.org/rdf/terms#',
  locn: 'http://www.w3.org/ns/locn#',
  hydra: 'http://www.w3.org/ns/hydra/core#',
} as const;

type Prefix = keyof typeof prefixes;
/** A prefixed name (`dcat:Dataset`) as its IRI. */
export const term = (name: `${Prefix}:${string}`) => {
  const [p, local] = name.split(':') as [Prefix, string];
  return DataFactory.namedNode(prefixes[p] + local);
};

export const iri = (value: string) => DataFactory.namedNode(value);
export const text = (value: string, lang: 'zh' | 'en') => DataFactory.literal(value, lang);
export const plain = (value: string) => DataFactory.literal(value);
export const typed = (value: string | number, type: `xsd:${string}`) => DataFactory.literal(String(value), term(type));
export const dateTime = (iso: string) => typed(iso, 'xsd:dateTime');

/** Collects triples; a graph is a plain array of quads in the default graph, in the order they were said. */
export function graphBuilder() {
  const quads: Quad[] = [];
  const say = (subject: string, predicate: `${Prefix}:${string}`, ...objects: (Quad_Object | null | undefined)[]) => {
    for (const o of objects) if (o) quads.push(DataFactory.quad(iri(subject), term(predicate), o));
  };
  const a = (subject: string, ...classes: `${Prefix}:${string}`[]) => say(subject, 'rdf:type', ...classes.map(term));
  return { quads, say, a };
}
export type GraphBuilder = ReturnType<typeof graphBuilder>;
