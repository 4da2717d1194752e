// Full-text indexes of versions are built in a worker: the first `q` on a version answers 503
// search_index_building until its index is ready. Tests that search wait for it through the API.

/** Sends `request` until it is not a 503 search_index_building, and returns that answer. */
export async function whenIndexed(request: () => Response | Promise<Response>, timeoutMs = 60_000): Promise<Response> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await request();
    if (res.status !== 503) return res;
    const body = (await res.clone().json()) as { code?: string };
    if (body.code !== 'search_index_building') return res;
    if (Date.now() > until) throw new Error(`search index not ready after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
