import type { Context } from 'hono';
import type { AppDeps } from '../../app-deps.js';
import { ApiError } from '../../lib/errors.js';
import { publicOrigin } from '../../lib/public-origin.js';
import { datasetGraph } from './catalog-graph.js';
import { loadDataset } from './catalog-data.js';
import { negotiateRdf, rdfHeaders } from './negotiate.js';
import { serialize } from './serialize.js';

/**
 * A dataset page's linked-data twin: the dataset's DCAT-AP graph when the Accept header prefers an RDF type,
 * else null (the page answers as HTML, which stays the default).
 */
export async function datasetLinkedData(c: Context, deps: AppDeps, id: string): Promise<Response | null> {
  const format = negotiateRdf(c, 'html');
  if (format === 'html') return null;
  const loaded = await loadDataset(deps, id);
  if (!loaded) throw new ApiError(404, 'not_found', `No dataset '${id}'`);
  const quads = datasetGraph({ origin: publicOrigin(c, deps.env) }, loaded.facts, loaded.departments, loaded.themes);
  return c.body(await serialize(quads, format), 200, rdfHeaders(format));
}
