import type { Context } from 'hono';
import type { Db } from '../db/client.js';
import { addressLimitKey, clientAddress } from '../lib/client-address.js';
import { sha256Hex } from './auth.crypto.js';
import { deleteAllUserSessions, deleteUserSessionById, selectUserSessions, touchSession } from './sessions-list.store.js';

// "My sessions": what each session was opened with, in short, and when it was last used. Never an address: the
// place is 4 hex digits of a hash of the client's network (an IPv6 /64), enough to say "this network" or not.

/** last_seen_at is for people: written at most once per this long per session, not on every request. */
export const lastSeenEveryMs = 5 * 60 * 1000;

export function browserOf(userAgent: string | null): string {
  if (!userAgent) return 'unknown';
  const ua = userAgent;
  const browser = /Edg\//.test(ua) ? 'Edge' : /OPR\//.test(ua) ? 'Opera' : /Firefox\//.test(ua) ? 'Firefox' : /(Chrome|Chromium)\//.test(ua) ? 'Chrome'
    : /Safari\//.test(ua) ? 'Safari' : /^curl\//.test(ua) ? 'curl' : /node|undici/i.test(ua) ? 'script' : (ua.split(/[ /]/)[0] ?? 'unknown').slice(0, 20);
  const os = /Windows/.test(ua) ? 'Windows' : /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Mac OS X/.test(ua) ? 'macOS' : /Linux/.test(ua) ? 'Linux' : null;
  return os ? `${browser} on ${os}` : browser;
}

export const placeOf = (c: Context, trustProxy: boolean): string => sha256Hex(`kaifang-session-place:${addressLimitKey(clientAddress(c, trustProxy))}`).slice(0, 4);

/** Called for every request with a valid session: a write only when last seen is older than `lastSeenEveryMs`. */
export async function noteSessionSeen(db: Db, c: Context, trustProxy: boolean, session: { idHash: string; lastSeenAt: string | null }, now: Date): Promise<void> {
  const last = session.lastSeenAt ? Date.parse(session.lastSeenAt) : 0;
  if (now.getTime() - last < lastSeenEveryMs) return;
  const first = session.lastSeenAt ? null : { userAgent: (c.req.header('user-agent') ?? '').slice(0, 300), place: placeOf(c, trustProxy) };
  await touchSession(db, session.idHash, now.toISOString(), first);
}

export type ListedSession = { id: string; browser: string; created_at: string | null; last_seen_at: string | null; expires_at: string; place: string | null; this_network: boolean; current: boolean };

export async function listMySessions(db: Db, c: Context, trustProxy: boolean, userId: string, currentToken: string | undefined, now: Date): Promise<ListedSession[]> {
  const here = placeOf(c, trustProxy);
  const currentId = currentToken?.split('.')[0];
  return (await selectUserSessions(db, userId, now.getTime())).map((s) => ({
    id: s.id, browser: browserOf(s.user_agent), created_at: s.created_at, last_seen_at: s.last_seen_at, expires_at: new Date(s.expires_at).toISOString(),
    place: s.place, this_network: s.place === here, current: s.id === currentId,
  }));
}

export const endMySession = async (db: Db, userId: string, sessionId: string): Promise<boolean> => await deleteUserSessionById(db, userId, sessionId);
export const endAllSessions = async (db: Db, userId: string): Promise<number> => await deleteAllUserSessions(db, userId);
