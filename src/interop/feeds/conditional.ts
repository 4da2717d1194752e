import { createHash } from 'node:crypto';
import type { Context } from 'hono';

/**
 * A generated text document with a strong ETag (sha256 of the body) and Last-Modified, answering 304 to a client
 * that has it: If-None-Match first, else If-Modified-Since (RFC 9110 §13.2.2). Short max-age, then revalidation.
 */
export function conditionalText(c: Context, body: string, contentType: string, lastModified?: string): Response {
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
  const modified = lastModified ? new Date(lastModified) : undefined;
  const headers: Record<string, string> = { ETag: etag, 'Cache-Control': 'public, max-age=300, must-revalidate' };
  if (modified && !Number.isNaN(modified.getTime())) headers['Last-Modified'] = modified.toUTCString();
  const ifNoneMatch = c.req.header('If-None-Match');
  const ifModifiedSince = c.req.header('If-Modified-Since');
  const fresh = ifNoneMatch !== undefined
    ? ifNoneMatch.split(',').some((t) => t.trim() === '*' || t.trim().replace(/^W\//, '') === etag)
    : ifModifiedSince !== undefined && headers['Last-Modified'] !== undefined && Math.floor(modified!.getTime() / 1000) <= Math.floor(Date.parse(ifModifiedSince) / 1000);
  if (fresh) return c.body(null, 304, headers);
  return c.body(body, 200, { ...headers, 'Content-Type': contentType });
}
