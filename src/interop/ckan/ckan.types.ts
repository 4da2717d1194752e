import type { z } from '@hono/zod-openapi';
import type { AppDeps } from '../../app-deps.js';
import type { CkanSource } from './ckan.source.js';

/** What an action runs with: the app, the public origin for absolute URLs, and the catalog as CKAN reads it. */
export type ActionCtx = { deps: AppDeps; origin: string; source: () => Promise<CkanSource> };

/** One CKAN action: its parameters (validated, shown in the OpenAPI document) and what it answers. */
export type CkanAction = {
  summary: string;
  operationId: string;
  query: z.ZodObject;
  example?: Record<string, string>;
  /** The shape of `result`, for the OpenAPI document (unknown when not described). */
  result?: z.ZodType;
  run: (ctx: ActionCtx, params: Record<string, string | number | undefined>) => Promise<unknown>;
};
