import { z } from '@hono/zod-openapi';
import type { ZodError } from 'zod';
import { ckanValidation, type CkanError } from './ckan.envelope.js';

// Action parameters, as CKAN reads them: from the query string on GET, from a JSON object on POST (numbers and
// booleans then arrive as such, lists as lists). Both are turned into the query string's strings and validated
// by the same zod schema the OpenAPI document shows.

export const natural = (description: string) =>
  z.coerce.number({ error: 'Invalid integer' }).int('Invalid integer').min(0, 'Must be a natural number').optional().openapi({ description });
export const flag = (description: string) => z.enum(['true', 'false', 'True', 'False', '1', '0']).optional().openapi({ description });
export const idParam = (description: string, example: string) => z.string({ error: 'Missing value' }).min(1, 'Missing value').openapi({ description, example });

export const isTrue = (v: string | undefined) => v === 'true' || v === 'True' || v === '1';

/** A POST body's or a query string's parameters as strings (a list given for `facet.field` stays JSON). */
export function stringParams(input: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(input)) {
    if (v === null || v === undefined) continue;
    if (typeof v === 'string') out[k] = v;
    else if (typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
    else out[k] = JSON.stringify(v);
  }
  return out;
}

/** zod's complaints as CKAN's ValidationError: one list of messages per parameter. */
export function validationError(error: ZodError): CkanError {
  const errors: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? '__extras');
    (errors[key] ??= []).push(issue.message);
  }
  return ckanValidation(errors);
}
