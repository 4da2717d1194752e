import type { Context } from 'hono';
import { accepts } from 'hono/accepts';
import { type RdfFormat, rdfMediaTypes } from './serialize.js';

const htmlTypes = ['text/html', 'application/xhtml+xml'];
const formatOfType = Object.fromEntries(Object.entries(rdfMediaTypes).map(([format, type]) => [type, format as RdfFormat]));

/**
 * What the request's Accept header prefers: one of our RDF serializations, or 'html'. With no preference among
 * them (no Accept, or `*∕*`) the answer is `fallback` (HTML: the issue keeps HTML the default everywhere).
 */
export function negotiateRdf(c: Context, fallback: RdfFormat | 'html'): RdfFormat | 'html' {
  const chosen = accepts(c, { header: 'Accept', supports: [...htmlTypes, ...Object.values(rdfMediaTypes)], default: '' });
  if (chosen === '') return fallback;
  return formatOfType[chosen] ?? 'html';
}

/** Headers of an RDF answer; `Vary: Accept` because the same URL answers HTML too. */
export const rdfHeaders = (format: RdfFormat) => ({
  'Content-Type': format === 'jsonld' ? rdfMediaTypes.jsonld : `${rdfMediaTypes[format]}; charset=utf-8`,
  Vary: 'Accept',
});
