import { createContext, useContext } from 'hono/jsx';

/**
 * The barrier-free toolbar's choices (无障碍工具栏), kept in one cookie so every page is rendered in them from the
 * first byte (no flash) and they work without JavaScript. web/static/a11y.js reads and writes the same cookie.
 */
export const a11yCookieName = 'kaifang_a11y';

/** Modes that are on or off; each is a class `a11y-<mode>` on <html>. */
export const a11yModes = ['large', 'contrast', 'spacing', 'cursor', 'speech'] as const;
export type A11yMode = (typeof a11yModes)[number];
export const speechRates = ['slow', 'normal', 'fast'] as const;
export type SpeechRate = (typeof speechRates)[number];

export type A11yPrefs = { modes: ReadonlySet<A11yMode>; rate: SpeechRate };

export const noPrefs: A11yPrefs = { modes: new Set(), rate: 'normal' };

const isMode = (s: string): s is A11yMode => (a11yModes as readonly string[]).includes(s);
const isRate = (s: string): s is SpeechRate => (speechRates as readonly string[]).includes(s);

/** `large.contrast.rate-slow`: dot-separated tokens (cookie-safe without quoting); unknown tokens are dropped. */
export function parseA11yCookie(value: string | undefined): A11yPrefs {
  if (!value) return noPrefs;
  const tokens = value.split('.');
  const rate = tokens.map((t) => t.replace(/^rate-/, '')).find((t, i) => tokens[i]!.startsWith('rate-') && isRate(t));
  return { modes: new Set(tokens.filter(isMode)), rate: (rate as SpeechRate | undefined) ?? 'normal' };
}

export function a11yCookieValue(prefs: A11yPrefs): string {
  const tokens: string[] = a11yModes.filter((m) => prefs.modes.has(m));
  if (prefs.rate !== 'normal') tokens.push(`rate-${prefs.rate}`);
  return tokens.join('.');
}

/** The classes for <html>; undefined when nothing is chosen, so a default page is byte-for-byte as before. */
export function a11yHtmlClass(prefs: A11yPrefs): string | undefined {
  const classes = a11yModes.filter((m) => prefs.modes.has(m)).map((m) => `a11y-${m}`);
  if (prefs.modes.has('speech') && prefs.rate !== 'normal') classes.push(`a11y-rate-${prefs.rate}`);
  return classes.length ? classes.join(' ') : undefined;
}

/**
 * Where to go back after a change: only a path on this site (`/…`, not `//host` or `/\host`, no scheme, no
 * control characters); anything else goes to the home page.
 */
export function safeReturnPath(value: string | undefined): string {
  if (!value || !value.startsWith('/') || /[\\\u0000-\u001f\u007f]/.test(value) || value.startsWith('//')) return '/';
  const base = 'http://portal.invalid';
  try {
    const url = new URL(value, base);
    return url.origin === base ? url.pathname + url.search + url.hash : '/';
  } catch {
    return '/';
  }
}

/** Provided by web/render.ts for each request; read by the layout and the toolbar. */
export const A11yPrefsContext = createContext<A11yPrefs>(noPrefs);
export const useA11yPrefs = () => useContext(A11yPrefsContext);
