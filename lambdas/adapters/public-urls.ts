import { adapterSettings } from './adapter-context.ts';
import { required } from './settings.ts';

/** Where the feeds are read from (CloudFront in AWS, the local runtime on one machine). */
export function publicBaseUrl(): string {
  return required(adapterSettings(), 'publicBaseUrl').replace(/\/+$/, '');
}

/** The API's own address, for links to a release when it has no canonical url. */
export function apiBaseUrl(): string {
  return (adapterSettings().apiBaseUrl ?? publicBaseUrl()).replace(/\/+$/, '');
}
