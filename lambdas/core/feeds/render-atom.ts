import { atomXml } from './feed-package.ts';
import { feedDocument } from './feed-document.ts';
import type { ResolvedFeed } from './resolve-feed.ts';

/** Atom 1.0: xml:lang on the root and on entries in another language, plain-text titles. */
export function renderAtom(resolved: ResolvedFeed): string {
  return atomXml(feedDocument(resolved, 'atom'));
}
