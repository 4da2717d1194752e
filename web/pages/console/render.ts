import type { Context } from 'hono';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppDeps, AppEnv, SessionUser } from '../../../src/lib/context.js';
import { getDatasetDetail } from '../../../src/catalog/catalog.service.js';
import { assertCanPublishFor } from '../../../src/catalog/catalog.write.js';
import { htmlLang, type Lang } from '../../i18n.js';

/** Console pages are personal: never cached by a shared cache. */
export function renderPage(c: Context<AppEnv>, lang: Lang, page: JSX.Element, status: ContentfulStatusCode = 200) {
  c.header('Content-Language', htmlLang[lang]);
  c.header('Cache-Control', 'private, no-store');
  return c.html(`<!doctype html>${page.toString()}`, status);
}

/** Path and query as requested (the language switch and the sign-in `next` start from it). */
export const requestedUrl = (c: Context) => {
  const url = new URL(c.req.url);
  return url.pathname + url.search;
};

/** The signed-in user; the console guard has already turned away everyone else. */
export const consoleUser = (c: Context<AppEnv>): SessionUser => c.get('user')!;

/** The dataset in the path, if it exists (404) and the user may publish for its department (403). */
export function ownDataset(deps: AppDeps, c: Context<AppEnv>) {
  const detail = getDatasetDetail(deps, c.req.param('id') ?? '');
  assertCanPublishFor(consoleUser(c), detail.row.department_id);
  return detail;
}
