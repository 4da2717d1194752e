/** RFC 8288 `Link` header for the next page: the same URL with `cursor` replaced. */
export function linkNext(requestUrl: string, cursor: string): string {
  const url = new URL(requestUrl);
  url.searchParams.set('cursor', cursor);
  return `<${url.pathname}${url.search}>; rel="next"`;
}
