// robots.txt: everything public stays crawlable; pages that are a person's own (console, sign-in and sign-up, API
// keys, the reviewer's board, the order cart) are not worth a crawler's visit, in either language.
const privatePaths = ['/console', '/signin', '/signup', '/signout', '/developer', '/reviewer', '/demand/cart'];

export function robotsTxt(origin: string): string {
  const disallow = privatePaths.flatMap((p) => [`Disallow: ${p}`, `Disallow: /en${p}`]);
  return ['User-agent: *', ...disallow, 'Allow: /', '', `Sitemap: ${origin}/sitemap.xml`, ''].join('\n');
}
