import { Hono, type Context } from 'hono';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv, SessionUser } from '../lib/context.js';
import { ApiError } from '../lib/errors.js';
import { href, htmlLang, type Lang } from '../../web/i18n.js';
import { ErrorPage } from '../../web/pages/error.js';
import { BoardPage } from '../../web/pages/demand/board.js';
import { OrdersPage } from '../../web/pages/demand/orders.js';
import { DemandPage } from '../../web/pages/demand/demand.js';
import { AddToCartPage, CartPage } from '../../web/pages/demand/cart.js';
import { InboxPage } from '../../web/pages/demand/inbox.js';
import { NewRequestPage } from '../../web/pages/demand/new.js';
import { sessionMiddleware } from '../auth/auth.middleware.js';
import type { DemandCtx } from './demand.context.js';
import { backWithError, loadAddToCart, loadBoard, loadCart, loadDemandPage, loadInbox, loadNewRequest, loadOrders, signInUrl } from './demand.page-data.js';
import { demandForms } from './demand.forms.js';

const requested = (c: Context) => {
  const u = new URL(c.req.url);
  return u.pathname + u.search;
};

/** What every page handler gets: render, the signed-in user (or a redirect to sign in), errors from a redirect. */
export function pageKit(lang: Lang) {
  const render = (c: Context<AppEnv>, page: JSX.Element, status: ContentfulStatusCode = 200) => {
    c.header('Content-Language', htmlLang[lang]);
    c.header('Cache-Control', 'private, no-store');
    return c.html(`<!doctype html>${page.toString()}`, status);
  };
  const requireSignIn = (c: Context<AppEnv>): SessionUser | Response => c.get('user') ?? c.redirect(signInUrl(lang, requested(c)), 303);
  /** Runs a form's work; an ApiError sends the visitor back to `back` with the error shown. */
  const form = async (c: Context<AppEnv>, back: string, work: (user: SessionUser) => Promise<string> | string) => {
    const user = c.get('user');
    if (!user) return c.redirect(signInUrl(lang, back), 303);
    try {
      return c.redirect(await work(user), 303);
    } catch (err) {
      if (err instanceof ApiError && err.status < 500) return c.redirect(backWithError(back, err), 303);
      throw err;
    }
  };
  return { render, requireSignIn, form, requested };
}

export type PageKit = ReturnType<typeof pageKit>;

function pages(ctx: DemandCtx, lang: Lang) {
  const app = new Hono<AppEnv>();
  const kit = pageKit(lang);
  const { render } = kit;
  const session = sessionMiddleware(ctx.deps);
  app.use('/demand', session);
  app.use('/demand/*', session);
  const feedback = (c: Context<AppEnv>) => ({ error: c.req.query('error'), detail: c.req.query('detail') });
  /** A page for signed-in people only: others are sent to sign in and come back. */
  const signedIn = (path: string, page: (c: Context<AppEnv>, user: SessionUser, url: string) => JSX.Element) =>
    app.get(path, (c) => {
      const user = kit.requireSignIn(c);
      return user instanceof Response ? user : render(c, page(c, user, requested(c)));
    });

  app.get('/demand', (c) => render(c, <BoardPage lang={lang} url={requested(c)} data={loadBoard(ctx, c.get('user') ?? null, c.req.query(), requested(c))} />));
  signedIn('/demand/orders', (c, user, url) => <OrdersPage lang={lang} url={url} data={loadOrders(ctx, user, c.req.query(), url)} />);
  signedIn('/demand/cart', (c, user, url) => <CartPage lang={lang} url={url} data={loadCart(ctx, user, feedback(c))} />);
  app.get('/demand/cart/add', (c) => {
    const user = kit.requireSignIn(c);
    if (user instanceof Response) return user;
    try {
      const data = loadAddToCart(ctx, lang, user, (c.req.query('dataset') ?? '').trim(), feedback(c));
      return render(c, <AddToCartPage lang={lang} url={requested(c)} data={data} />);
    } catch (err) {
      // A mistyped dataset id from the cart's own form goes back there with the message.
      if (err instanceof ApiError && err.status === 422) return c.redirect(backWithError(href(lang, '/demand/cart'), err), 303);
      throw err;
    }
  });
  signedIn('/demand/inbox', (_c, user, url) => <InboxPage lang={lang} url={url} data={loadInbox(ctx, user)} />);
  signedIn('/demand/new', (c, user, url) => <NewRequestPage lang={lang} url={url} data={loadNewRequest(ctx, lang, user, c.req.query())} />);
  app.route('/', demandForms(ctx, lang, kit));
  app.get('/demand/:id', (c) => render(c, <DemandPage lang={lang} url={requested(c)} data={loadDemandPage(ctx, lang, c.get('user') ?? null, c.req.param('id'), feedback(c))} />));

  app.onError((err, c) => {
    if (err instanceof ApiError && err.status === 401) return c.redirect(signInUrl(lang, requested(c)), 303);
    const status = err instanceof ApiError ? err.status : 500;
    if (!(err instanceof ApiError)) ctx.deps.log.error(`[${c.get('requestId')}] ${c.req.method} ${c.req.path} failed`, err);
    const detail = err instanceof ApiError && status < 500 ? err.message : undefined;
    return render(c, <ErrorPage lang={lang} url={requested(c)} status={status} detail={detail} requestId={c.get('requestId')} />, status as ContentfulStatusCode);
  });
  return app;
}

/** The demand board's pages, Chinese at `/demand`, English at `/en/demand`; no JavaScript needed. */
export function demandPages(ctx: DemandCtx) {
  const app = new Hono<AppEnv>();
  app.route('/', pages(ctx, 'zh'));
  app.route('/en', pages(ctx, 'en'));
  return app;
}
