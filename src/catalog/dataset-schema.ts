import { z } from '@hono/zod-openapi';
import { ApiError } from '../lib/errors.js';
import { fieldSpecSchema, type FieldSpec } from '../lib/field-spec.js';

/** A publishable schema: known types, unique names, exactly one (required) primary key, enums only on text. */
export const datasetSchemaSchema = z
  .array(fieldSpecSchema)
  .min(1, 'at least one field')
  .max(200, 'at most 200 fields')
  .superRefine((fields, ctx) => {
    const seen = new Set<string>();
    fields.forEach((f, i) => {
      if (seen.has(f.name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `duplicate field name '${f.name}'` });
      seen.add(f.name);
      if (f.enum && f.type !== 'string') ctx.addIssue({ code: 'custom', path: [i, 'enum'], message: 'enum is only allowed on string fields' });
      if (f.primary_key && !f.required) ctx.addIssue({ code: 'custom', path: [i, 'required'], message: 'the primary key must be required' });
    });
    const pks = fields.filter((f) => f.primary_key).length;
    if (pks !== 1) ctx.addIssue({ code: 'custom', path: [], message: `exactly one primary key field is needed (found ${pks})` });
  });

export function validateSchema(input: unknown): FieldSpec[] {
  const parsed = datasetSchemaSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new ApiError(422, 'invalid_schema', 'The field schema is not valid.', {
    errors: parsed.error.issues.map((i) => ({ field: ['fields', ...i.path].join('.'), message: i.message })),
  });
}
