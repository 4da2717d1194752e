import { createApp, type CreateAppOptions } from '../src/app.js';
import { bootApp } from '../src/boot.js';
import type { Env } from '../src/env.js';
import type { Logger } from '../src/lib/context.js';
import { portalPages } from './routes/index.js';
import { portalNotFound } from './not-found.js';

/** The whole portal: the API composed in src/app.ts with the pages of web/. The server and the tests build this. */
export const createPortal = async (options: Omit<CreateAppOptions, 'pages'>) => withPortalNotFound(await createApp({ ...options, pages: portalPages }));

/** The portal on a data directory (opened, migrated, seeded when empty), as the server starts it. */
export const bootPortal = async (env: Env, log: Logger, hooks?: Parameters<typeof bootApp>[3]) => withPortalNotFound(await bootApp(env, log, portalPages, hooks));

/** Unknown paths get the HTML 404 page instead of the API's problem+json (web/not-found.ts says when JSON stays). */
function withPortalNotFound<T extends { app: { notFound: (handler: typeof portalNotFound) => unknown } }>(built: T): T {
  built.app.notFound(portalNotFound);
  return built;
}
