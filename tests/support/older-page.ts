/** The "older releases" link of an HTML feed page (its previous archive page), if it has one. */
export const olderPageOf = (html: string) => /<a href="([^"]+)" rel="prev">/.exec(html)?.[1]?.replaceAll('&amp;', '&');
