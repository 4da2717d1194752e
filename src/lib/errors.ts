import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** `code` and `params`: what the problem is, for a client to word it in its own language (a publish's file problems). */
export type ProblemDetail = { field?: string; row?: number; column?: string; value?: unknown; code?: string; params?: Record<string, string | number>; message: string };

/** Thrown by services and handlers; rendered once, as RFC 9457 problem+json, by `renderProblem`. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly extra: { errors?: ProblemDetail[]; headers?: Record<string, string>; [key: string]: unknown } = {},
  ) {
    super(message);
  }
}

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  416: 'Range Not Satisfiable',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export const badRequest = (code: string, message: string, errors?: ProblemDetail[]) => new ApiError(400, code, message, errors ? { errors } : {});
export const notFound = (what: string, id: string | number) => new ApiError(404, 'not_found', `${what} '${id}' does not exist`);

export const problemTitle = (status: number) => titles[status] ?? 'Error';

export function problemBody(status: number, code: string, detail: string, requestId: string, extra: Record<string, unknown> = {}) {
  return {
    type: `https://kaifang.dev/problems/${code}`,
    title: problemTitle(status),
    status,
    detail,
    code,
    ...extra,
    request_id: requestId,
  };
}

export function renderProblem(c: Context, err: ApiError): Response {
  const { headers = {}, ...extra } = err.extra;
  const body = problemBody(err.status, err.code, err.message, c.get('requestId') ?? '', extra);
  for (const [k, v] of Object.entries(headers)) c.header(k, v);
  return c.body(JSON.stringify(body), err.status, { 'Content-Type': 'application/problem+json; charset=utf-8' });
}
