import { parse, type DefaultTreeAdapterMap } from 'parse5';
import { expect } from 'vitest';

type Node = DefaultTreeAdapterMap['node'];
export type Element = DefaultTreeAdapterMap['element'];

/**
 * The page as the HTML standard's parser (parse5) reads it, after checking it reports no parse
 * error at all: a stray "<" or an unescaped quote in an attribute would be one.
 */
export function parseHtmlStrictly(html: string): DefaultTreeAdapterMap['document'] {
  const errors: string[] = [];
  const document = parse(html, { onParseError: (error) => errors.push(`${error.code} at ${error.startLine}:${error.startCol}`) });
  expect(errors).toEqual([]);
  return document;
}

/** The page as a browser builds it, parse errors and all (parseHtmlStrictly checks there are none). */
export function parseHtml(html: string): DefaultTreeAdapterMap['document'] {
  return parse(html);
}

/** Every element named `tag`, in document order. */
export function elements(root: Node, tag: string): Element[] {
  const found: Element[] = [];
  const visit = (node: Node) => {
    if ('tagName' in node && node.tagName === tag) found.push(node);
    const children = 'content' in node && node.nodeName === 'template' ? node.content.childNodes : 'childNodes' in node ? node.childNodes : [];
    for (const child of children) visit(child);
  };
  visit(root);
  return found;
}

export function attribute(element: Element, name: string): string | undefined {
  return element.attrs.find((attr) => attr.name === name)?.value;
}

export function attributes(element: Element): Record<string, string> {
  return Object.fromEntries(element.attrs.map((attr) => [attr.name, attr.value]));
}

/** The text of an element, entities decoded, as a browser shows it (before CSS). */
export function textOf(node: Node): string {
  if (node.nodeName === '#text') return (node as DefaultTreeAdapterMap['textNode']).value;
  return 'childNodes' in node ? node.childNodes.map(textOf).join('') : '';
}

/** A srcset's candidates as [url, descriptor]. */
export function srcsetCandidates(srcset: string | undefined): Array<[string, string]> {
  return (srcset ?? '').split(/,\s+/).map((candidate) => candidate.trim().split(/\s+/) as [string, string]);
}
