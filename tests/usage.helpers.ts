// Shared by the usage, stats and assessment tests: people with sessions, requests from an address, raw event counts.
import { createTestApp } from './helpers.js';
import { createUser } from '../src/auth/auth.service.js';
import { createSession } from '../src/auth/auth.session.js';
import type { Role } from '../src/auth/auth.table.js';
import { queryRows, queryValue } from './support/db-query.js';

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;

export const browserUa = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36';

/** The third argument of app.request: what @hono/node-server would give as the socket's address. */
export const fromIp = (ip: string) => ({ incoming: { socket: { remoteAddress: ip } } });

/** A user of the given role (and department) with a session cookie. */
export async function signedIn(t: TestApp, email: string, role: Role = 'user', departmentId: string | null = null) {
  const user = await createUser(t.db, { email, password: 'correct horse battery', role, departmentId }, t.deps.now());
  const { token } = await createSession(t.db, user.id, t.deps.now());
  return { user, cookie: `kf_session=${token}` };
}

/** An open dataset of the test slice with its owner, and one of another department. */
export async function openDatasets(t: TestApp) {
  const rows = await queryRows<{ pk: number; id: string; department_id: string; n: number }>(
    t.db,
    "SELECT pk, id, department_id, latest_version AS n FROM datasets WHERE open_type = 'open' AND latest_version IS NOT NULL ORDER BY pk",
  );
  const first = rows[0]!;
  const other = rows.find((r) => r.department_id !== first.department_id)!;
  return { first, other, all: rows };
}

export const fileUrl = (d: { id: string; n: number }, format = 'csv') => `/api/v1/datasets/${d.id}/versions/${d.n}/data.${format}`;

export async function eventCount(t: TestApp, where = '1 = 1', ...args: unknown[]): Promise<number> {
  await t.deps.usage.flush();
  return (await queryValue<number>(t.db, `SELECT COUNT(*) FROM usage_events WHERE ${where}`, ...args))!;
}

/** A clock the test moves: the app, the recorder and the double-click window all read it. */
export function testClock(t: TestApp, startIso: string) {
  let now = Date.parse(startIso);
  t.deps.now = () => new Date(now);
  return { advance: (ms: number) => (now += ms), set: (iso: string) => (now = Date.parse(iso)), get: () => new Date(now) };
}
