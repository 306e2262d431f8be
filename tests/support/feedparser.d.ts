// Just what the tests use of danmactough's feedparser (it ships no types): a writable stream
// that emits each item, with namespaced elements it does not normalise kept under their names.
declare module 'feedparser' {
  import { Transform } from 'node:stream';

  export interface Enclosure {
    url: string;
    type?: string;
    length?: string;
    width?: string;
    height?: string;
  }

  /** An element as feedparser keeps it: attributes under "@", text under "#". */
  export interface RawElement {
    '@': Record<string, string>;
    '#'?: string;
    [child: string]: unknown;
  }

  export interface Item {
    title: string | null;
    enclosures: Enclosure[];
    image: { url?: string; title?: string };
    [name: string]: unknown;
  }

  export default class FeedParser extends Transform {
    constructor(options?: { normalize?: boolean; addmeta?: boolean; feedurl?: string });
    read(): Item | null;
  }
}
