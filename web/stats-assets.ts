import fs from 'node:fs';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Context, Hono } from 'hono';
import type { AppEnv } from '../src/lib/context.js';

type Asset = { file: string; type: string; body?: Buffer; gzip?: Buffer; etag?: string };

const pagesDir = fileURLToPath(new URL('./pages/stats/', import.meta.url));

/** Apache ECharts from the npm package (no CDN: the portal runs on government intranets), our script and styles. */
const assets: Record<string, Asset> = {
  'echarts.min.js': { file: createRequire(import.meta.url).resolve('echarts/dist/echarts.min.js'), type: 'text/javascript; charset=utf-8' },
  'charts.js': { file: `${pagesDir}charts.client.js`, type: 'text/javascript; charset=utf-8' },
  'stats.css': { file: `${pagesDir}stats.css`, type: 'text/css; charset=utf-8' },
};

/** Read and compressed on first use, then kept: ECharts is 1 MB, 350 KB gzipped. */
function load(asset: Asset): Required<Asset> {
  if (!asset.body) {
    asset.body = fs.readFileSync(asset.file);
    asset.gzip = gzipSync(asset.body, { level: 9 });
    asset.etag = createHash('sha256').update(asset.body).digest('hex').slice(0, 16);
  }
  return asset as Required<Asset>;
}

/** A URL with the content hash, so the long cache never serves an old file. */
export const statsAssetHref = (name: keyof typeof assets) => `/assets/stats/${name}?v=${load(assets[name]!).etag}`;

function serve(c: Context<AppEnv>) {
  const asset = assets[c.req.param('file') ?? ''];
  if (!asset) return c.notFound();
  const a = load(asset);
  const headers: Record<string, string> = { ETag: `"${a.etag}"`, 'Cache-Control': 'public, max-age=31536000, immutable', Vary: 'Accept-Encoding', 'Content-Type': a.type };
  if (c.req.header('if-none-match') === headers.ETag) return c.body(null, 304, headers);
  if (/\bgzip\b/.test(c.req.header('accept-encoding') ?? '')) return c.body(new Uint8Array(a.gzip), 200, { ...headers, 'Content-Encoding': 'gzip' });
  return c.body(new Uint8Array(a.body), 200, headers);
}

export function mountStatsAssets(app: Hono<AppEnv>): void {
  app.get('/assets/stats/:file', serve);
}
