import { z } from '@hono/zod-openapi';
import { cursorParam, limitParam } from '../lib/schemas.js';
import { demandKinds, demandStatuses, deliveryModes } from './demand.table.js';
import { demandActions } from './demand.machine.js';
import { maxCommentLength } from './demand.social.js';
import { maxFilterLength } from './demand.filter.js';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date like 2026-05-01').refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), 'not a real date');
const text = (max: number) => z.string().trim().max(max);
const Department = z.object({ id: z.string(), name_zh: z.string(), name_en: z.string() });
const DatasetRef = z.object({ id: z.string(), title_zh: z.string(), title_en: z.string() });

export const DemandListQuery = z
  .object({
    kind: z.enum(demandKinds).optional().openapi({ param: { name: 'kind', in: 'query' } }),
    status: z.enum(demandStatuses).optional().openapi({ param: { name: 'status', in: 'query' } }),
    department: z.string().max(100).optional().openapi({ param: { name: 'department', in: 'query' }, description: 'Requester or provider department id' }),
    side: z.enum(['sent', 'received']).optional().openapi({ param: { name: 'side', in: 'query' }, description: "With `department` (or, without it, the signed-in user's department): orders it sent, or received" }),
    overdue: z.enum(['true', 'false']).optional().openapi({ param: { name: 'overdue', in: 'query' }, description: 'Only overdue (true) or only not overdue (false)' }),
    dataset: z.string().max(200).optional().openapi({ param: { name: 'dataset', in: 'query' }, description: 'Demands about this dataset (corrections, order items)' }),
    limit: limitParam(1000, 50),
    cursor: cursorParam,
  })
  .strict();

export const DemandSchema = z
  .object({
    id: z.string(),
    kind: z.enum(demandKinds),
    title: z.string(),
    description: z.string(),
    purpose: z.string(),
    legal_basis: z.string().nullable(),
    status: z.enum(demandStatuses),
    overdue: z.boolean(),
    overdue_reason: z.enum(['response', 'delivery', 'plan']).nullable().openapi({ description: 'response: no first answer within 5 working days; delivery: not delivered (or fixed) by due_at; plan: the planned date has passed' }),
    demo: z.boolean().openapi({ description: 'Part of the generated demo history seeded on first start (is_demo), not a real request' }),
    requester: z.object({ name: z.string(), department: Department.nullable() }),
    provider_department: Department.nullable(),
    dataset: DatasetRef.nullable(),
    row: z.string().nullable(),
    field: z.string().nullable(),
    wanted_fields: z.string().nullable(),
    delivery_mode: z.enum(deliveryModes).nullable(),
    item_count: z.number().int(),
    created_at: z.string(),
    first_response_due_at: z.string().nullable(),
    first_response_at: z.string().nullable(),
    due_at: z.string().nullable(),
    planned_for: z.string().nullable(),
    linked_dataset: z.object({ id: z.string(), title_zh: z.string() }).nullable(),
    linked_version: z.number().int().nullable(),
    rating: z.number().int().nullable(),
    rating_comment: z.string().nullable(),
    votes: z.number().int(),
    updated_at: z.string(),
    url: z.string(),
    html_url: z.string(),
  })
  .openapi('Demand');

export const DemandListSchema = z.object({ data: z.array(DemandSchema), next_cursor: z.string().nullable(), total: z.number().int() }).openapi('DemandList');

export const DeliverySchema = z.object({
  id: z.string(),
  dataset: DatasetRef,
  version: z.number().int(),
  kind: z.enum(['file', 'grant']),
  format: z.string().nullable(),
  bytes: z.number().int().nullable(),
  sha256: z.string().nullable(),
  grant_id: z.string().nullable(),
  expires_at: z.string().nullable(),
  delivered_at: z.string(),
  download_url: z.string().nullable().openapi({ description: "Set for the requesting department's users" }),
});

export const DemandDetailSchema = DemandSchema.extend({
  agreement: z.string().nullable(),
  items: z.array(z.object({ dataset: DatasetRef.extend({ open_type: z.string() }), fields: z.array(z.string()).nullable(), filter: z.string().nullable() })),
  timeline: z.array(z.object({ ts: z.string(), action: z.string(), from_status: z.string().nullable(), to_status: z.string(), note: z.string().nullable(), actor: z.string().nullable() })),
  comments: z.array(z.object({ id: z.number().int(), body: z.string(), author: z.string(), created_at: z.string() })),
  deliveries: z.array(DeliverySchema),
  allowed_actions: z.array(z.enum(demandActions)),
  voted: z.boolean(),
}).openapi('DemandDetail');

export const NewDataBody = z
  .object({
    kind: z.literal('new_data'),
    title: text(200).min(1),
    description: text(5000).optional(),
    wanted_fields: text(2000).optional(),
    purpose: text(2000).optional(),
    department: z.string().max(100).nullable().optional().openapi({ description: 'The department asked; an admin assigns one when absent' }),
  })
  .strict();

export const CorrectionBody = z
  .object({
    kind: z.literal('correction'),
    dataset: z.string().min(1).max(200),
    title: text(200).optional(),
    description: text(5000).min(1),
    row: text(200).nullable().optional().openapi({ description: 'Primary-key value of the wrong row' }),
    field: text(100).nullable().optional().openapi({ description: 'Name of the wrong field' }),
  })
  .strict();

export const CreateDemandBody = z.discriminatedUnion('kind', [NewDataBody, CorrectionBody]).openapi('NewDemand');

export const ActionParams = z.object({
  id: z.string().min(1).max(100).openapi({ param: { name: 'id', in: 'path' } }),
  action: z.enum(demandActions).openapi({ param: { name: 'action', in: 'path' } }),
});

export const ActionBody = z
  .object({
    note: text(5000).optional(),
    reason: text(5000).optional().openapi({ description: 'reject: required' }),
    rating: z.number().int().min(1).max(5).optional().openapi({ description: 'confirm: required, 1 to 5' }),
    comment: text(5000).optional().openapi({ description: 'confirm: the comment with the rating' }),
    planned_for: day.optional().openapi({ description: 'plan: required' }),
    dataset: z.string().max(200).optional().openapi({ description: 'fulfil: required, the dataset that holds the data now' }),
    version: z.number().int().min(1).optional().openapi({ description: 'fix: the corrected version (default: the latest)' }),
    expires_at: day.optional().openapi({ description: 'deliver (API grant): last day of the grant (default: a year)' }),
    department: z.string().max(100).optional().openapi({ description: 'admin answering a new-data request: the department that answers' }),
  })
  .strict()
  .openapi('DemandStep');

export const CommentBody = z.object({ body: z.string().min(1).max(maxCommentLength, `at most ${maxCommentLength} characters`) }).strict();
export const CommentSchema = z.object({ id: z.number().int(), body: z.string(), author: z.string(), created_at: z.string() });

export const CartItemBody = z
  .object({
    dataset: z.string().min(1).max(200),
    fields: z.array(z.string().min(1).max(100)).max(500).nullable().optional(),
    filter: z.string().max(maxFilterLength).nullable().optional().openapi({ description: 'Row conditions in the records-API syntax, e.g. `district=当涂县&year__gte=2020`' }),
    delivery_mode: z.enum(deliveryModes).optional(),
  })
  .strict();

export const CartItemSchema = z
  .object({
    id: z.number().int(),
    dataset: DatasetRef.extend({ open_type: z.string() }).nullable(),
    provider_department: Department.nullable(),
    fields: z.array(z.string()).nullable(),
    filter: z.string().nullable(),
    delivery_mode: z.enum(deliveryModes),
    available: z.boolean(),
    added_at: z.string(),
  })
  .openapi('CartItem');

export const CartSchema = z.object({ data: z.array(CartItemSchema), total: z.number().int(), agreement: z.string() }).openapi('Cart');

export const CheckoutBody = z
  .object({
    purpose: text(2000).min(1),
    legal_basis: text(2000).nullable().optional(),
    due_date: day.nullable().optional().openapi({ description: 'Default: 10 working days from now' }),
    agree: z.boolean().optional().openapi({ description: 'Accept the data-use agreement: required when the cart holds conditional data' }),
  })
  .strict();

export const NotificationSchema = z.object({ id: z.number().int(), demand_id: z.string().nullable(), message: z.string(), created_at: z.string(), read_at: z.string().nullable(), url: z.string().nullable() });
export const NotificationsQuery = z.object({ limit: limitParam(200, 50), unread: z.enum(['true', 'false']).optional().openapi({ param: { name: 'unread', in: 'query' } }) }).strict();
export const MarkReadBody = z.object({ ids: z.array(z.number().int()).max(1000).optional() }).strict();
