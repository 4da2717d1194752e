import { Hono, type Context } from 'hono';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { AppEnv, SessionUser } from '../../src/lib/context.js';
import { ApiError } from '../../src/lib/errors.js';
import { sessionMiddleware } from '../../src/auth/index.js';
import type { DemandCtx } from '../../src/demand/index.js';
import { href, type Lang } from '../i18n.js';
import { htmlErrors, render, requestedUrl, signInUrl, inBothLanguages } from '../render.js';
import { loadAddToCart, loadBoard, loadCart, loadDemandPage, loadInbox, loadNewRequest, loadOrders } from '../loaders/demand.js';
import { backWithError, demandForms } from './demand-forms.js';
import { BoardPage } from '../pages/demand/board.js';
import { OrdersPage } from '../pages/demand/orders.js';
import { DemandPage } from '../pages/demand/demand.js';
import { AddToCartPage, CartPage } from '../pages/demand/cart.js';
import { InboxPage } from '../pages/demand/inbox.js';
import { NewRequestPage } from '../pages/demand/new.js';

function pages(ctx: DemandCtx, lang: Lang) {
  const app = new Hono<AppEnv>();
  // The board's pages show who is looking (their cart, votes, turn): never kept by a shared cache.
  const page = (c: Context<AppEnv>, el: JSX.Element) => render(c, lang, el, { personal: true });
  const requireSignIn = (c: Context<AppEnv>): SessionUser | Response => c.get('user') ?? c.redirect(signInUrl(lang, requestedUrl(c)), 303);
  const session = sessionMiddleware(ctx.deps);
  app.use('/demand', session);
  app.use('/demand/*', session);
  const feedback = (c: Context<AppEnv>) => ({ error: c.req.query('error'), detail: c.req.query('detail') });
  /** A page for signed-in people only: others are sent to sign in and come back. */
  const signedIn = (path: string, el: (c: Context<AppEnv>, user: SessionUser, url: string) => Promise<JSX.Element>) =>
    app.get(path, async (c) => {
      const user = requireSignIn(c);
      return user instanceof Response ? user : page(c, await el(c, user, requestedUrl(c)));
    });

  app.get('/demand', async (c) => page(c, <BoardPage lang={lang} url={requestedUrl(c)} data={await loadBoard(ctx, c.get('user') ?? null, c.req.query(), requestedUrl(c))} />));
  signedIn('/demand/orders', async (c, user, url) => <OrdersPage lang={lang} url={url} data={await loadOrders(ctx, user, c.req.query(), url)} />);
  signedIn('/demand/cart', async (c, user, url) => <CartPage lang={lang} url={url} data={await loadCart(ctx, user, feedback(c))} />);
  app.get('/demand/cart/add', async (c) => {
    const user = requireSignIn(c);
    if (user instanceof Response) return user;
    try {
      const data = await loadAddToCart(ctx, lang, user, (c.req.query('dataset') ?? '').trim(), feedback(c));
      return page(c, <AddToCartPage lang={lang} url={requestedUrl(c)} data={data} />);
    } catch (err) {
      // A mistyped dataset id from the cart's own form goes back there with the message.
      if (err instanceof ApiError && err.status === 422) return c.redirect(backWithError(href(lang, '/demand/cart'), err), 303);
      throw err;
    }
  });
  signedIn('/demand/inbox', async (_c, user, url) => <InboxPage lang={lang} url={url} data={await loadInbox(ctx, user)} />);
  signedIn('/demand/new', async (c, user, url) => <NewRequestPage lang={lang} url={url} data={await loadNewRequest(ctx, lang, user, c.req.query())} />);
  app.route('/', demandForms(ctx, lang));
  app.get('/demand/:id', async (c) => page(c, <DemandPage lang={lang} url={requestedUrl(c)} data={await loadDemandPage(ctx, lang, c.get('user') ?? null, c.req.param('id'), feedback(c))} />));

  app.onError(htmlErrors(ctx.deps, lang, {
    personal: true,
    answer: (err, c) => (err.status === 401 ? c.redirect(signInUrl(lang, requestedUrl(c)), 303) : undefined),
  }));
  return app;
}

/** The demand board's pages, Chinese at `/demand`, English at `/en/demand`; no JavaScript needed. */
export function demandPages(ctx: DemandCtx) {
  const app = new Hono<AppEnv>();
  return inBothLanguages(app, (lang) => pages(ctx, lang));
}
