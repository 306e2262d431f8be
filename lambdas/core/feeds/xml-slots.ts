import { escapeMarkup } from '../escape-markup.ts';
import { stripXmlIllegal } from '../xml-chars.ts';

// Private-use code points: data never reaches the template (every string goes into a
// slot, URLs are percent-encoded by the URL parser), so a marker cannot be forged.
const OPEN = '\uE000';
const CLOSE = '\uE001';
const FILLED = /<!\[CDATA\[\uE000(\d+)\uE001\]\]>|\uE000(\d+)\uE001/g;

/**
 * Hands `feed` opaque markers instead of our strings, then puts the strings back escaped.
 * feed@6 (through xml-js 1.6) mis-escapes in three ways that hostile data reaches:
 * it splits only the first "]]>" of a CDATA section (a second one ends the section early),
 * it leaves "<" raw in attribute values (category labels), and it turns a literal "&amp;"
 * in text into "&". A filled slot is always plain escaped character data, CDATA or not,
 * which every XML parser reads as the same string.
 */
export class XmlSlots {
  private readonly values: string[] = [];

  put(value: string): string {
    this.values.push(value);
    return `${OPEN}${this.values.length - 1}${CLOSE}`;
  }

  fill(xml: string): string {
    const leftover = xml.replace(FILLED, '');
    if (leftover.includes(OPEN) || leftover.includes(CLOSE)) throw new Error('feed rendering mangled a slot');
    const filled = xml.replace(FILLED, (_match, cdata: string | undefined, bare: string | undefined) => {
      const value = this.values[Number(cdata ?? bare)];
      if (value === undefined) throw new Error('feed rendering lost a slot');
      return escapeMarkup(value);
    });
    return stripXmlIllegal(filled);
  }
}
