import { OpenAPIHono } from '@hono/zod-openapi';
import type { ZodError } from 'zod';
import { ApiError, type ProblemDetail } from './errors.js';
import type { AppEnv } from './context.js';

function validationProblem(error: ZodError, target: string): ApiError {
  const unknown = error.issues.find((i) => i.code === 'unrecognized_keys');
  if (unknown && 'keys' in unknown) {
    const keys = (unknown.keys as string[]).join(', ');
    return new ApiError(400, 'unknown_parameter', `Unknown ${target === 'query' ? 'query parameter' : 'field'}: ${keys}`, {
      errors: (unknown.keys as string[]).map((k) => ({ field: k, message: 'not a known parameter' })),
    });
  }
  const errors: ProblemDetail[] = error.issues.map((i) => ({ field: i.path.join('.') || target, message: i.message }));
  const first = errors[0];
  const detail = first ? `Invalid ${target === 'query' ? 'query parameter' : target === 'param' ? 'path parameter' : 'value'} '${first.field}': ${first.message}` : 'Invalid request';
  return new ApiError(400, target === 'json' || target === 'form' ? 'invalid_body' : 'invalid_parameter', detail, { errors });
}

/** Every feature builds its routes on this, so validation failures share the one problem+json shape. */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationProblem(result.error, result.target);
    },
  });
}
