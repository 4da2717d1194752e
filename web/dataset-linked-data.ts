import { Hono, type MiddlewareHandler } from 'hono';
import type { AppEnv } from '../src/lib/context.js';
import type { AppDeps } from '../src/app-deps.js';
import { datasetLinkedData } from '../src/interop/index.js';

/**
 * Content negotiation on a dataset page's URL (Chinese and English): a client that asks for Turtle, JSON-LD or
 * RDF/XML gets the dataset's DCAT-AP graph; everyone else gets the page as before, marked `Vary: Accept`.
 * Mounted before the catalog pages; the page route itself is unchanged.
 */
export function datasetLinkedDataPages(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  const negotiate: MiddlewareHandler<AppEnv> = async (c, next) => {
    const answer = await datasetLinkedData(c, deps, c.req.param('id') ?? '');
    if (answer) return answer;
    await next();
    c.res.headers.append('Vary', 'Accept');
  };
  app.use('/datasets/:id', negotiate);
  app.use('/en/datasets/:id', negotiate);
  return app;
}
