import { z } from '@hono/zod-openapi';

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string().openapi({ example: 'not_found' }),
    errors: z
      .array(
        z.object({
          field: z.string().optional(),
          row: z.number().optional(),
          column: z.string().optional(),
          code: z.string().optional().openapi({ description: 'What the problem is, for wording it in the reader\'s language (a publish\'s file problems)', example: 'not_integer' }),
          params: z.record(z.string(), z.union([z.string(), z.number()])).optional().openapi({ description: 'The values the wording of `code` needs' }),
          message: z.string(),
        }),
      )
      .optional(),
    request_id: z.string(),
  })
  .openapi('Problem');

export const problemResponse = (description: string) => ({
  content: { 'application/problem+json': { schema: ProblemSchema } },
  description,
});

export const jsonResponse = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});

export const limitParam = (max = 1000, def = 50) =>
  z.coerce
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(max, `must be at most ${max}`)
    .default(def)
    .openapi({ param: { name: 'limit', in: 'query' }, example: def });

export const cursorParam = z.string().max(2048).optional().openapi({ param: { name: 'cursor', in: 'query' }, description: 'Opaque cursor from next_cursor' });

export const idParam = (example: string) =>
  z.object({ id: z.string().min(1).max(200).openapi({ param: { name: 'id', in: 'path' }, example }) });

export const listEnvelope = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), next_cursor: z.string().nullable(), total: z.number().int() });
