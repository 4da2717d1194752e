// A minimal browser for the code flow: a cookie jar per host (paths ignored: both servers are ours), redirects
// followed by hand, and the provider's development login and consent forms submitted like a user would.

export type Jar = Map<string, Map<string, string>>;
export const newJar = (): Jar => new Map();

export function cookieOf(jar: Jar, url: string, name: string): string | undefined {
  return jar.get(new URL(url).host)?.get(name);
}
export function setCookieIn(jar: Jar, url: string, name: string, value: string): void {
  const host = new URL(url).host;
  if (!jar.has(host)) jar.set(host, new Map());
  jar.get(host)!.set(name, value);
}

export async function request(jar: Jar, url: string, init: { method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {}): Promise<Response> {
  const host = new URL(url).host;
  const cookies = [...(jar.get(host) ?? new Map()).entries()].map(([k, v]) => `${k}=${v}`).join('; ');
  const headers: Record<string, string> = { ...(cookies ? { cookie: cookies } : {}), ...init.headers };
  if (init.form) headers['content-type'] = 'application/x-www-form-urlencoded';
  const res = await fetch(url, { method: init.method ?? (init.form ? 'POST' : 'GET'), headers, body: init.form ? new URLSearchParams(init.form).toString() : undefined, redirect: 'manual' });
  for (const line of res.headers.getSetCookie()) {
    const [pair = '', ...attrs] = line.split(';');
    const at = pair.indexOf('=');
    const [name, value] = [pair.slice(0, at).trim(), pair.slice(at + 1).trim()];
    const gone = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && Date.parse(a.split('=')[1]!) < Date.now()));
    if (!jar.has(host)) jar.set(host, new Map());
    if (gone) jar.get(host)!.delete(name);
    else jar.get(host)!.set(name, value);
  }
  return res;
}

/**
 * From the portal's /auth/oidc/start through the provider's login (as `login`) and consent, up to the redirect back
 * to the portal's callback, which is returned unvisited (a test may alter it first).
 */
export async function throughProvider(jar: Jar, startUrl: string, login: string): Promise<string> {
  let url = startUrl;
  let init: Parameters<typeof request>[2] = {};
  for (let hops = 0; hops < 20; hops++) {
    const res = await request(jar, url, init);
    init = {};
    const location = res.headers.get('location');
    if (location) {
      const next = new URL(location, url).href;
      if (new URL(next).pathname === '/auth/oidc/callback') return next;
      url = next;
      continue;
    }
    const html = await res.text();
    if (res.status !== 200) throw new Error(`${res.status} at ${url}: ${html.slice(0, 300)}`);
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
    if (!action || !prompt) throw new Error(`no form at ${url}: ${html.slice(0, 300)}`);
    url = new URL(action.replace(/&amp;/g, '&'), url).href;
    init = { form: prompt === 'login' ? { prompt, login, password: 'any' } : { prompt } };
  }
  throw new Error('too many redirects');
}
