// Shared by the demand-board tests: real users with real sessions, and JSON requests through app.request.
import { createUser } from '../src/auth/auth.service.js';
import { createSession } from '../src/auth/auth.session.js';
import type { Role } from '../src/auth/auth.table.js';
import { createTestApp } from './helpers.js';

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;
export type Person = { id: string; cookie: string; email: string };

let seq = 0;

/** A user of `role` (in `department`) signed in with a real session; `cookie` authenticates requests. */
export async function person(t: TestApp, role: Role, department: string | null, name?: string): Promise<Person> {
  const email = `${role}-${department ?? 'none'}-${++seq}@example.gov.cn`;
  const user = await createUser(t.db, { email, password: 'correct horse battery', role, departmentId: department, name: name ?? email.split('@')[0] }, t.deps.now());
  const { token } = await createSession(t.db, user.id, t.deps.now());
  return { id: user.id, cookie: `kf_session=${token}`, email };
}

const origin = 'http://localhost';

export function send(t: TestApp, who: Person | null, method: string, url: string, body?: unknown) {
  const headers: Record<string, string> = { origin };
  if (who) headers.cookie = who.cookie;
  if (body !== undefined) headers['content-type'] = 'application/json';
  return t.app.request(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

export const get = (t: TestApp, who: Person | null, url: string) => t.app.request(url, { headers: who ? { cookie: who.cookie } : {} });

/** POST that must succeed: returns the JSON, or throws with the problem's detail. */
export async function ok<T = any>(res: Response | Promise<Response>, status = 200): Promise<T> {
  const r = await res;
  const text = await r.text();
  if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${text}`);
  return (text ? JSON.parse(text) : null) as T;
}

/** A form post from a page (no JavaScript): urlencoded, same origin. */
export function form(t: TestApp, who: Person | null, url: string, fields: Record<string, string | string[]>) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
  const headers: Record<string, string> = { origin, 'content-type': 'application/x-www-form-urlencoded' };
  if (who) headers.cookie = who.cookie;
  return t.app.request(url, { method: 'POST', headers, body: body.toString() });
}

export const step = (t: TestApp, who: Person, id: string, action: string, body?: unknown) => send(t, who, 'POST', `/api/v1/demands/${id}/${action}`, body);

/** Puts datasets in the cart and checks out; the orders created. */
export async function order(t: TestApp, who: Person, items: { dataset: string; fields?: string[]; filter?: string; delivery_mode?: string }[], extra: Record<string, unknown> = {}) {
  for (const item of items) await ok(send(t, who, 'POST', '/api/v1/cart/items', item), 201);
  const res = await ok<{ data: { id: string; provider_department: { id: string } }[] }>(send(t, who, 'POST', '/api/v1/cart/checkout', { purpose: '交通规划分析', legal_basis: '《马鞍山市公共数据管理办法》第十二条', agree: true, ...extra }), 201);
  return res.data;
}
