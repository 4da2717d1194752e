import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Hono } from 'hono';
import type { AppEnv } from '../src/lib/context.js';

/**
 * The portal's own Chinese web font: Noto Sans SC from the @fontsource npm package (no CDN: the portal runs on
 * government intranets). The package splits the font into ~100 woff2 files per weight, each with a unicode-range,
 * so a browser fetches only the files holding characters its page shows, and only when no system font before it
 * in the stack (PingFang, YaHei, Noto CJK…) has them. Its CSS is rewritten at start to the portal's URLs, woff2 only.
 */
const packageName = '@fontsource/noto-sans-sc';
const packageDir = path.dirname(createRequire(import.meta.url).resolve(`${packageName}/package.json`));
const packageVersion = (JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { version: string }).version;
const weights = ['400', '700'];

/** Version in the path: a file's bytes never change under its URL, so browsers keep it for a year. */
export const fontsBase = `/fonts/noto-sans-sc/${packageVersion}/`;

function rewriteFaces(css: string, files: Set<string>): string[] {
  return [...css.matchAll(/@font-face\s*{([^}]*)}/g)].flatMap(([, body]) => {
    const file = body!.match(/url\(\.\/files\/([\w.-]+\.woff2)\)/)?.[1];
    const weight = body!.match(/font-weight:\s*(\d+)/)?.[1];
    const range = body!.match(/unicode-range:\s*([^;]+);/)?.[1];
    if (!file || !weight || !range) return [];
    files.add(file);
    return [`@font-face{font-family:"Noto Sans SC";font-style:normal;font-weight:${weight};font-display:swap;src:url(${fontsBase}${file}) format("woff2");unicode-range:${range.trim()}}`];
  });
}

function buildFonts() {
  const files = new Set<string>();
  const faces = weights.flatMap((w) => rewriteFaces(fs.readFileSync(path.join(packageDir, `${w}.css`), 'utf8'), files));
  const css = `/* Noto Sans SC ${packageVersion} (SIL Open Font License), from ${packageName}, served by the portal. */\n${faces.join('\n')}\n`;
  return { css, files };
}

const fonts = buildFonts();

/** The @font-face rules, served as /static/fonts.css by web/static.ts. */
export const fontFaceCss = fonts.css;

export function mountFonts(app: Hono<AppEnv>): void {
  app.get(`${fontsBase}:file`, async (c) => {
    const file = c.req.param('file') ?? '';
    if (!fonts.files.has(file)) return c.notFound();
    const etag = `"${packageVersion}-${createHash('sha256').update(file).digest('hex').slice(0, 12)}"`;
    const headers = { ETag: etag, 'Cache-Control': 'public, max-age=31536000, immutable', 'Content-Type': 'font/woff2' };
    if (c.req.header('If-None-Match') === etag) return c.body(null, 304, headers);
    const body = await fs.promises.readFile(path.join(packageDir, 'files', file));
    return c.body(new Uint8Array(body), 200, headers);
  });
}
