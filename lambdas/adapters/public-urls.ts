/** Where the feeds are read from (CloudFront in AWS, the local runtime on one machine). */
export function publicBaseUrl(): string {
  const url = process.env.PUBLIC_BASE_URL;
  if (!url) throw new Error('PUBLIC_BASE_URL is not set');
  return url.replace(/\/+$/, '');
}

/** The API's own address, for links to a release when it has no canonical url. */
export function apiBaseUrl(): string {
  return (process.env.API_BASE_URL ?? publicBaseUrl()).replace(/\/+$/, '');
}
