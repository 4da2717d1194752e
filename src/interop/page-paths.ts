// Where the portal's pages are, for the formats that point at them (schema.org, sitemap, feeds): Chinese at the
// path itself, English under /en (web/i18n.ts `href` follows the same rule; src/ cannot import web/).

export type Lang = 'zh' | 'en';

/** hreflang of each page language. */
export const hreflangOf: Record<Lang, string> = { zh: 'zh-CN', en: 'en' };

export const pagePath = (lang: Lang, path: string) => (lang === 'en' ? (path === '/' ? '/en' : `/en${path}`) : path);

export const absolute = (origin: string, path: string) => `${origin}${path}`;
