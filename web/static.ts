import fs from 'node:fs';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { Hono } from 'hono';
import type { AppEnv } from '../src/lib/context.js';
import { fontFaceCss, mountFonts } from './fonts.js';

const staticDir = fileURLToPath(new URL('./static/', import.meta.url));
const types: Record<string, string> = { '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.svg': 'image/svg+xml', '.ico': 'image/x-icon' };

type Asset = { body: Buffer; type: string; etag: string };

/** Read once at start: the portal serves its own few assets (no CDN, works on an intranet). */
const assets = new Map<string, Asset>(
  fs
    .readdirSync(staticDir)
    .filter((name) => types[path.extname(name)])
    .map((name) => {
      const body = fs.readFileSync(path.join(staticDir, name));
      const etag = createHash('sha256').update(body).digest('hex').slice(0, 16);
      return [name, { body, type: types[path.extname(name)]!, etag }];
    }),
);
const fontsCss = Buffer.from(fontFaceCss);
assets.set('fonts.css', { body: fontsCss, type: types['.css']!, etag: createHash('sha256').update(fontsCss).digest('hex').slice(0, 16) });

/** The asset URL with a content hash, so a changed stylesheet is fetched again despite long caching. */
export const assetHref = (name: string) => `/static/${name}?v=${assets.get(name)?.etag ?? '0'}`;

export function mountStatic(app: Hono<AppEnv>): void {
  mountFonts(app);
  app.get('/static/:file', (c) => {
    const asset = assets.get(c.req.param('file'));
    if (!asset) return c.notFound();
    const etag = `"${asset.etag}"`;
    // A URL with the current hash (assetHref) never changes its bytes; a bare or stale one is rechecked daily.
    const cache = c.req.query('v') === asset.etag ? 'public, max-age=31536000, immutable' : 'public, max-age=86400';
    const headers = { ETag: etag, 'Cache-Control': cache };
    if (c.req.header('If-None-Match') === etag) return c.body(null, 304, headers);
    return c.body(new Uint8Array(asset.body), 200, { ...headers, 'Content-Type': asset.type });
  });
}
