import { z } from '@hono/zod-openapi';

export const fieldTypes = ['string', 'integer', 'number', 'boolean', 'date', 'datetime'] as const;
export type FieldType = (typeof fieldTypes)[number];

/** A column of a dataset version, as published; identifiers of the rows tables come only from here. */
export const fieldSpecSchema = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, 'lower-case letters, digits and _; starts with a letter'),
    label_zh: z.string().min(1),
    label_en: z.string().optional(),
    type: z.enum(fieldTypes),
    required: z.boolean().default(false),
    primary_key: z.boolean().default(false),
    description: z.string().optional(),
    enum: z.array(z.string()).optional(),
    /** A plausible range of an integer or number field (its unit's): not refused at publish, reported by the data-quality profile. */
    minimum: z.number().optional(),
    maximum: z.number().optional(),
  })
  .openapi('Field');

export type FieldSpec = z.infer<typeof fieldSpecSchema>;
