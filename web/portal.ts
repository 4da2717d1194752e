import { createApp, type CreateAppOptions } from '../src/app.js';
import { bootApp } from '../src/boot.js';
import type { Env } from '../src/env.js';
import type { Logger } from '../src/lib/context.js';
import { portalPages } from './routes/index.js';

/** The whole portal: the API composed in src/app.ts with the pages of web/. The server and the tests build this. */
export const createPortal = async (options: Omit<CreateAppOptions, 'pages'>) => await createApp({ ...options, pages: portalPages });

/** The portal on a data directory (opened, migrated, seeded when empty), as the server starts it. */
export const bootPortal = async (env: Env, log: Logger) => await bootApp(env, log, portalPages);
