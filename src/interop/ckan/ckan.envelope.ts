import type { Context } from 'hono';

// CKAN's answer shapes (ckan/views/api.py): {help, success, result} on success, {help, success: false, error} with
// the status CKAN gives each kind of error. This sub-API speaks CKAN, not problem+json.

/** An error a CKAN action raises: CKAN's `__type`, its HTTP status, and the error object's other members. */
export class CkanError extends Error {
  constructor(readonly status: 400 | 404 | 409, readonly type: string, readonly fields: Record<string, unknown>) {
    super(type);
  }
}

/** CKAN's NotFound: 404 `Not Found Error`, message "Not found: <what>". */
export const ckanNotFound = (what: string) => new CkanError(404, 'Not Found Error', { message: `Not found: ${what}` });

/** CKAN's ValidationError: 409 `Validation Error`, one list of messages per parameter. */
export const ckanValidation = (errors: Record<string, string[]>) => new CkanError(409, 'Validation Error', errors);

/** What Solr answers for a query it cannot read (CKAN's SearchQueryError): 400 `Search Query Error`. */
export const ckanSearchQuery = (detail: string) => new CkanError(400, 'Search Query Error', { message: `Search Query is invalid: ${detail}` });

const jsonType = { 'Content-Type': 'application/json;charset=utf-8' };

/** CKAN's `help` member: the URL of the action's description (help_show). */
export const helpUrl = (origin: string, action: string) => `${origin}/api/3/action/help_show?name=${encodeURIComponent(action)}`;

export const ckanOk = (c: Context, origin: string, action: string, result: unknown) =>
  c.body(JSON.stringify({ help: helpUrl(origin, action), success: true, result }), 200, jsonType);

export const ckanFailure = (c: Context, origin: string, action: string, err: CkanError) =>
  c.body(JSON.stringify({ help: helpUrl(origin, action), success: false, error: { __type: err.type, ...err.fields } }), err.status, jsonType);

/** CKAN's `_finish_bad_request`: status 400 with a bare JSON string, as for an action name it does not know. */
export const ckanBadRequest = (c: Context, detail: string) => c.body(JSON.stringify(`Bad request - ${detail}`), 400, jsonType);

/** CKAN's timestamps: ISO 8601 in UTC without a zone designator, to the microsecond ("2024-05-01T08:00:00.123000"). */
export function ckanTime(iso: string | null | undefined): string | null {
  if (!iso) return null;
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return iso;
  return t.toISOString().replace(/\.(\d{3})Z$/, '.$1000');
}
