import { Hono, type Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from '../../src/lib/context.js';
import type { AppDeps } from '../../src/app-deps.js';
import { ApiError } from '../../src/lib/errors.js';
import { a11yCookieName, a11yCookieValue, a11yModes, noPrefs, parseA11yCookie, safeReturnPath, speechRates, type A11yMode, type A11yPrefs, type SpeechRate } from '../a11y-prefs.js';
import { htmlErrors, inBothLanguages, render, requestedUrl } from '../render.js';
import { AccessibilityPage } from '../pages/accessibility.js';

const oneYear = 365 * 24 * 3600;

/** The new choices: `mode` toggles one mode (or `on=1`/`on=0` sets it), `mode=reset` clears all, `rate` sets the speed. */
function changePrefs(prefs: A11yPrefs, input: Record<string, string | undefined>): A11yPrefs {
  const { mode, on, rate } = input;
  if (mode === 'reset') return noPrefs;
  const modes = new Set(prefs.modes);
  if (mode !== undefined && mode !== '') {
    if (!(a11yModes as readonly string[]).includes(mode)) throw new ApiError(400, 'unknown_mode', `Unknown mode ${JSON.stringify(mode.slice(0, 40))}: use one of ${a11yModes.join(', ')} or reset.`);
    const m = mode as A11yMode;
    const wanted = on === '1' ? true : on === '0' ? false : !modes.has(m);
    if (wanted) modes.add(m);
    else modes.delete(m);
  }
  if (rate !== undefined && rate !== '' && !(speechRates as readonly string[]).includes(rate)) throw new ApiError(400, 'unknown_rate', `Unknown rate: use one of ${speechRates.join(', ')}.`);
  return { modes, rate: (rate || prefs.rate) as SpeechRate };
}

async function readInput(c: Context<AppEnv>): Promise<Record<string, string | undefined>> {
  const input: Record<string, string | undefined> = { ...c.req.query() };
  if (c.req.method === 'POST') {
    const form = await c.req.parseBody();
    for (const [k, v] of Object.entries(form)) if (typeof v === 'string') input[k] = v;
  }
  return input;
}

/**
 * GET or POST /a11y?mode=…&return=/path: sets the toolbar's cookie and goes back (303) to `return`, a path on
 * this site only. The cookie holds no secret (JavaScript rewrites it too), so it is not HttpOnly.
 */
async function setA11y(c: Context<AppEnv>) {
  const input = await readInput(c);
  const back = safeReturnPath(input.return);
  const prefs = changePrefs(parseA11yCookie(getCookie(c, a11yCookieName)), input);
  setCookie(c, a11yCookieName, a11yCookieValue(prefs), { path: '/', maxAge: oneYear, sameSite: 'Lax', secure: new URL(c.req.url).protocol === 'https:' });
  c.header('Cache-Control', 'no-store');
  return c.redirect(back, 303);
}

/** The toolbar's route and its help page (/accessibility, /en/accessibility). */
export function accessibilityPages(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  const toolbar = new Hono<AppEnv>();
  toolbar.on(['GET', 'POST'], '/a11y', setA11y);
  toolbar.onError((err, c) => htmlErrors(deps, /^\/en(\/|$|\?)/.test(safeReturnPath(c.req.query('return'))) ? 'en' : 'zh')(err, c));
  app.route('/', toolbar);
  return inBothLanguages(app, (lang) => {
    const pages = new Hono<AppEnv>();
    pages.get('/accessibility', (c) => render(c, lang, <AccessibilityPage lang={lang} url={requestedUrl(c)} />));
    return pages;
  });
}
