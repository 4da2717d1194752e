import type { Context } from 'hono';
import type { Env } from '../env.js';

type Socket = { localAddress?: string; localPort?: number };

const hostPart = (address: string) => {
  const v4 = address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
  return v4.includes(':') ? `[${v4}]` : v4;
};

/**
 * The origin for absolute links this server writes (datapackage.json, the developer centre's examples).
 * Never the request's Host header, which the client chooses: KAIFANG_PUBLIC_URL when set, else the address
 * the connection arrived on (the server's own), else the configured listening address.
 */
export function publicOrigin(c: Context, env: Pick<Env, 'KAIFANG_PUBLIC_URL' | 'HOST' | 'PORT'>): string {
  if (env.KAIFANG_PUBLIC_URL) return env.KAIFANG_PUBLIC_URL.replace(/\/+$/, '');
  const socket = (c.env as { incoming?: { socket?: Socket } } | undefined)?.incoming?.socket;
  const address = socket?.localAddress ?? env.HOST;
  const port = socket?.localPort ?? env.PORT;
  return `http://${hostPart(address)}:${port}`;
}
