// Polls feeds on a running runtime the way a feed reader does (If-None-Match with the ETag it
// last saw) and tells whether a release is in a feed yet. The JSON Feed's item ids end in the
// release id.
export function feedWatcher(baseUrl: string) {
  const etags = new Map<string, string>();
  return async function shows(path: string, id: string): Promise<boolean> {
    const response = await fetch(`${baseUrl}${path}`, { headers: etags.has(path) ? { 'if-none-match': etags.get(path)! } : {} });
    if (response.status === 304) return false;
    if (response.status !== 200) {
      await response.arrayBuffer();
      return false;
    }
    etags.set(path, response.headers.get('etag') ?? '');
    const feed = (await response.json()) as { items: { id: string }[] };
    return feed.items.some((item) => item.id.endsWith(`/${id}`));
  };
}
