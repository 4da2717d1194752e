import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv, SessionUser } from '../../src/lib/context.js';
import type { AppDeps } from '../../src/app-deps.js';
import { ApiError } from '../../src/lib/errors.js';
import { getDatasetDetail } from '../../src/versions/index.js';
import { assertCanPublishFor } from '../../src/catalog/index.js';
import { canUseConsole } from '../../src/auth/index.js';
import { href, type Lang } from '../i18n.js';
import { requestedUrl, signInUrl } from '../render.js';

/** Anonymous visitors go to sign-in (and come back); signed-in accounts without a department's publishing role get 403. */
export function consoleGuard(lang: Lang): MiddlewareHandler<AppEnv> {
  return async function guard(c, next) {
    const user = c.get('user');
    if (!user) {
      const back = c.req.method === 'GET' ? requestedUrl(c) : href(lang, '/console');
      return c.redirect(signInUrl(lang, back), c.req.method === 'GET' ? 302 : 303);
    }
    if (!canUseConsole(user)) {
      throw new ApiError(403, 'forbidden', 'The department console is for publishers and department admins (or an admin).');
    }
    await next();
  };
}

/** The signed-in user; the console guard has already turned away everyone else. */
export const consoleUser = (c: Context<AppEnv>): SessionUser => c.get('user')!;

/** The dataset in the path, if it exists (404) and the user may publish for its department (403). */
export async function ownDataset(deps: AppDeps, c: Context<AppEnv>) {
  const detail = await getDatasetDetail(deps, c.req.param('id') ?? '');
  assertCanPublishFor(consoleUser(c), detail.row.department_id);
  return detail;
}
