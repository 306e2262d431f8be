// Strings handed to an XML library as opaque markers and put back escaped afterwards. xml-js 1.6
// (which `feed` writes with, and which writes our sitemaps) splits only the first "]]>" of a
// CDATA section, leaves "<" raw in attribute values and turns a literal "&amp;" in text into
// "&": so no data ever reaches it, only slots, and the one escaper fills them.
import { escapeMarkup } from './escape-markup.ts';
import { stripXmlIllegal } from './xml-chars.ts';

// Private-use code points: data never reaches the template (every string goes into a slot,
// URLs are percent-encoded by the URL parser), so a marker cannot be forged.
const OPEN = '\uE000';
const CLOSE = '\uE001';
const FILLED = /<!\[CDATA\[\uE000(\d+)\uE001\]\]>|\uE000(\d+)\uE001/g;

export class XmlSlots {
  private readonly values: string[] = [];

  /** A marker standing for `value` until `fill`. */
  put(value: string): string {
    this.values.push(value);
    return `${OPEN}${this.values.length - 1}${CLOSE}`;
  }

  /** The document with every marker replaced by its string, escaped (a CDATA section around one becomes plain character data). */
  fill(xml: string): string {
    const leftover = xml.replace(FILLED, '');
    if (leftover.includes(OPEN) || leftover.includes(CLOSE)) throw new Error('XML rendering mangled a slot');
    const filled = xml.replace(FILLED, (_match, cdata: string | undefined, bare: string | undefined) => {
      const value = this.values[Number(cdata ?? bare)];
      if (value === undefined) throw new Error('XML rendering lost a slot');
      return escapeMarkup(value);
    });
    return stripXmlIllegal(filled);
  }
}
