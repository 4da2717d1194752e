import { createRoute, z } from '@hono/zod-openapi';
import { createRouter } from '../lib/router.js';
import { jsonResponse, problemResponse } from '../lib/schemas.js';
import { requireUser } from '../auth/index.js';
import type { DemandCtx } from './demand.context.js';
import { addToCart, listCart, removeFromCart } from './demand.cart.js';
import { checkout } from './demand.checkout.js';
import { dataUseAgreement } from './demand.agreement.js';
import { presentCartItem, presentDemand } from './demand.present.js';
import { jsonBody } from './demand.http.js';
import { CartItemBody, CartItemSchema, CartSchema, CheckoutBody, DemandSchema } from './demand.schemas.js';
import { sessionSecurity } from '../lib/openapi.js';

const tags = ['Demand board'];
const signedIn = { 401: problemResponse('Not signed in (`unauthenticated`)') };

const cartRoute = createRoute({
  operationId: 'getCart', security: sessionSecurity,
  method: 'get', path: '/api/v1/cart', tags, middleware: [requireUser] as const, summary: 'My request list (需求清单, the cart of data to apply for) and the data-use agreement conditional data needs',
  request: { query: z.object({}).strict() },
  responses: { 200: jsonResponse(CartSchema, 'Items in the order they were added'), ...signedIn },
});

const addRoute = createRoute({
  operationId: 'addCartItem', security: sessionSecurity,
  method: 'post', path: '/api/v1/cart/items', tags, middleware: [requireUser, jsonBody()] as const,
  summary: 'Put a dataset on my request list, with optional fields, row filter (records-API syntax) and delivery mode; again for the same dataset replaces its options',
  request: { body: { content: { 'application/json': { schema: CartItemBody } }, required: true } },
  responses: {
    201: jsonResponse(CartItemSchema, 'Added'), 200: jsonResponse(CartItemSchema, 'Options of the item already in the cart replaced'),
    400: problemResponse('Unknown field, bad filter'), ...signedIn, 422: problemResponse('Unknown or unpublished dataset, own department, open data ordered by a non-department user, cart full'),
  },
});

const removeRoute = createRoute({
  operationId: 'removeCartItem', security: sessionSecurity,
  method: 'delete', path: '/api/v1/cart/items/{id}', tags, middleware: [requireUser] as const, summary: 'Take an item off my request list',
  request: { params: z.object({ id: z.coerce.number().int().min(1).openapi({ param: { name: 'id', in: 'path' } }) }) },
  responses: { 204: { description: 'Removed' }, ...signedIn, 404: problemResponse('No such item on my request list') },
});

const checkoutRoute = createRoute({
  operationId: 'checkoutCart', security: sessionSecurity,
  method: 'post', path: '/api/v1/cart/checkout', tags, middleware: [requireUser, jsonBody()] as const,
  summary: 'Submit the request list as data applications (数据申请, kind `order`): one per provider department (and delivery mode), due in 10 working days unless a date is given',
  request: { body: { content: { 'application/json': { schema: CheckoutBody } }, required: true } },
  responses: {
    201: jsonResponse(z.object({ data: z.array(DemandSchema), total: z.number().int() }), 'The orders created'), 400: problemResponse('Missing purpose, bad due date'), ...signedIn,
    422: problemResponse('Empty cart, a withdrawn or deleted dataset in it (`dataset_unavailable`), or the agreement not accepted for conditional data'),
  },
});

export function cartRoutes(ctx: DemandCtx) {
  const { db } = ctx.deps;
  return createRouter()
    .openapi(cartRoute, async (c) => {
      const data = (await listCart(db, c.get('user')!.id)).map(presentCartItem);
      c.header('Cache-Control', 'private, no-store');
      return c.json({ data, total: data.length, agreement: dataUseAgreement }, 200);
    })
    .openapi(addRoute, async (c) => {
      const { row, replaced } = await addToCart(ctx, c.get('user')!, c.req.valid('json'));
      return c.json(presentCartItem(row), replaced ? 200 : 201);
    })
    .openapi(removeRoute, async (c) => {
      await removeFromCart(db, c.get('user')!.id, c.req.valid('param').id);
      return c.body(null, 204);
    })
    .openapi(checkoutRoute, async (c) => {
      const orders = (await checkout(ctx, c.get('user')!, c.req.valid('json'))).map(presentDemand);
      return c.json({ data: orders, total: orders.length }, 201);
    });
}
