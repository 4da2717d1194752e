import { Hono, type Context } from 'hono';
import type { z } from '@hono/zod-openapi';
import type { AppEnv, SessionUser } from '../../src/lib/context.js';
import { ApiError } from '../../src/lib/errors.js';
import { localPath } from '../../src/auth/index.js';
import { type DemandCtx, demandActions, type DemandAction, ActionBody, CartItemBody, CheckoutBody, CreateDemandBody, createRequest, addToCart, removeFromCart, checkout, takeAction, addComment, addVote, removeVote, markRead } from '../../src/demand/index.js';
import { isoSeconds } from '../../src/lib/dates.js';
import { auditFrom } from '../../src/audit/index.js';
import { href, type Lang } from '../i18n.js';
import { signInUrl } from '../render.js';

type FormValues = Record<string, string | string[]>;

/** Form fields as strings (lists for repeated names such as checkboxes); empty fields are left out. */
async function readForm(c: Context<AppEnv>): Promise<FormValues> {
  const raw = await c.req.parseBody({ all: true });
  const out: FormValues = {};
  for (const [k, v] of Object.entries(raw)) {
    const values = (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string' && x.trim() !== '');
    if (values.length) out[k] = k === 'fields' ? values : values[0]!;
  }
  return out;
}

/** The API's own body schema checks the form too, so both say no to the same things. */
function parsed<T extends z.ZodType>(schema: T, values: unknown): z.infer<T> {
  const result = schema.safeParse(values);
  if (result.success) return result.data;
  const first = result.error.issues[0];
  throw new ApiError(400, 'invalid_body', `Invalid value '${first?.path.join('.') || 'form'}': ${first?.message ?? 'invalid'}`);
}

/** Where a form post returns to with its error: the page it came from, on this site only. */
export function backWithError(back: string, err: ApiError): string {
  const u = new URL(back, 'http://x');
  u.searchParams.set('error', err.code);
  u.searchParams.set('detail', err.message.slice(0, 300));
  return u.pathname + u.search + (u.hash || '');
}

/**
 * Runs a form's work as the signed-in user and redirects (303) where it says; signed out: to sign in, and back.
 * A client error sends the visitor back to `back` with the message shown above the form.
 */
async function formPost(c: Context<AppEnv>, lang: Lang, back: string, work: (user: SessionUser) => Promise<string> | string) {
  const user = c.get('user');
  if (!user) return c.redirect(signInUrl(lang, back), 303);
  try {
    return c.redirect(await work(user), 303);
  } catch (err) {
    if (err instanceof ApiError && err.status < 500) return c.redirect(backWithError(back, err), 303);
    throw err;
  }
}

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
const int = (v: string | string[] | undefined) => (one(v) === undefined ? undefined : Number(one(v)));

/** The POST side of the pages: each form calls the same service as the JSON API, then redirects (303). */
export function demandForms(ctx: DemandCtx, lang: Lang) {
  const app = new Hono<AppEnv>();
  const form = (c: Context<AppEnv>, back: string, work: (user: SessionUser) => Promise<string> | string) => formPost(c, lang, back, work);
  const to = (path: string) => href(lang, path);

  app.post('/demand/new', async (c) => {
    const v = await readForm(c);
    const back = v.kind === 'correction' ? to(`/demand/new?kind=correction${v.dataset ? `&dataset=${encodeURIComponent(one(v.dataset)!)}` : ''}`) : to('/demand/new');
    return form(c, back, async (user) => to(`/demand/${(await createRequest(ctx, user, parsed(CreateDemandBody, v))).id}`));
  });
  app.post('/demand/cart/items', async (c) => {
    const v = await readForm(c);
    const back = to(`/demand/cart/add?dataset=${encodeURIComponent(one(v.dataset) ?? '')}`);
    return form(c, back, async (user) => {
      await addToCart(ctx, user, parsed(CartItemBody, { ...v, fields: v.fields ?? null }));
      return to('/demand/cart');
    });
  });
  app.post('/demand/cart/items/:id/remove', (c) =>
    form(c, to('/demand/cart'), async (user) => {
      await removeFromCart(ctx.deps.db, user.id, Number(c.req.param('id')) || 0);
      return to('/demand/cart');
    }));
  app.post('/demand/cart/checkout', async (c) => {
    const v = await readForm(c);
    return form(c, to('/demand/cart'), async (user) => {
      const orders = await checkout(ctx, user, parsed(CheckoutBody, { ...v, agree: v.agree === 'true' }));
      return to(`/demand/orders?side=sent&created=${orders.length}`);
    });
  });
  app.post('/demand/inbox/read', (c) =>
    form(c, to('/demand/inbox'), async (user) => {
      await markRead(ctx.deps.db, user.id, undefined, isoSeconds(ctx.deps.now()));
      return to('/demand/inbox');
    }));
  app.post('/demand/:id/act', async (c) => {
    const id = c.req.param('id');
    const { action, rating, version, ...rest } = await readForm(c);
    return form(c, to(`/demand/${id}`), async (user) => {
      if (!(demandActions as readonly string[]).includes(one(action) ?? '')) throw new ApiError(400, 'invalid_body', 'Unknown step.');
      await takeAction(ctx, user, id, one(action) as DemandAction, parsed(ActionBody, { ...rest, rating: int(rating), version: int(version) }), auditFrom(c));
      return to(`/demand/${id}`);
    });
  });
  app.post('/demand/:id/comments', async (c) => {
    const id = c.req.param('id');
    const v = await readForm(c);
    return form(c, to(`/demand/${id}`), async (user) => {
      const comment = await addComment(ctx, user, id, one(v.body) ?? '');
      return to(`/demand/${id}#comment-${comment.id}`);
    });
  });
  app.post('/demand/:id/vote', async (c) => {
    const id = c.req.param('id');
    const v = await readForm(c);
    const back = localPath(one(v.back), to(`/demand/${id}`));
    return form(c, back, async (user) => {
      if (v.vote === 'remove') await removeVote(ctx, user, id);
      else await addVote(ctx, user, id);
      return back;
    });
  });
  return app;
}
