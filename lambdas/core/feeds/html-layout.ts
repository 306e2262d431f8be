import { createHash } from 'node:crypto';
import { escapeMarkup } from '../escape-markup.ts';
import { stripXmlIllegal } from '../xml-chars.ts';

const CSS = `
:root{color-scheme:light dark;--fg:#1b1f24;--muted:#5b6470;--bg:#fff;--line:#d8dde3;--accent:#0b5cad;--error:#b3261e}
@media (prefers-color-scheme:dark){:root{--fg:#e6e8eb;--muted:#a0a8b3;--bg:#14171a;--line:#2c3238;--accent:#6cb0ff;--error:#ff8a80}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:1rem/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
.wrap{max-width:46rem;margin:0 auto;padding:1.25rem 1rem 3rem}
a{color:var(--accent)}
h1{font-size:1.6rem;line-height:1.25;margin:.25rem 0 .5rem}
h2{font-size:1.15rem;line-height:1.3;margin:0 0 .25rem}
.muted,.meta{color:var(--muted);font-size:.9rem}
.formats{display:flex;flex-wrap:wrap;gap:.5rem;list-style:none;padding:0;margin:.75rem 0}
.formats a{display:inline-block;padding:.3rem .75rem;border:1px solid var(--line);border-radius:999px;text-decoration:none}
.formats a:hover,.formats a:focus{border-color:var(--accent)}
article,section{border-top:1px solid var(--line);padding:1rem 0}
article p{margin:.35rem 0}
figure{margin:.75rem 0}
figure img{display:block;max-width:100%;height:auto;border-radius:.25rem}
figcaption{color:var(--muted);font-size:.9rem;margin-top:.35rem}
figcaption .credit{font-style:italic}
.downloads{margin:.5rem 0;padding-left:1.25rem}
ul.feeds{list-style:none;padding:0;margin:0}
ul.feeds>li{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:.25rem 1rem;padding:.5rem 0}
ul.feeds>li+li{border-top:1px solid var(--line)}
ul.feeds .formats{margin:0}
.feed-url{overflow-wrap:anywhere;user-select:all}
table{border-collapse:collapse;display:block;max-width:100%;overflow-x:auto;margin:.75rem 0}
th,td{border:1px solid var(--line);padding:.3rem .6rem;text-align:start;vertical-align:top}
caption{text-align:start;color:var(--muted);padding:.25rem 0}
form.alerts{display:grid;gap:.6rem;margin:.75rem 0;max-width:28rem}
form.alerts label,form.alerts legend{font-weight:600}
input[type=email]{font:inherit;padding:.45rem .6rem;border:1px solid var(--muted);border-radius:.25rem;background:var(--bg);color:var(--fg);width:100%}
fieldset{border:0;padding:0;margin:0;display:grid;gap:.25rem}
form.alerts fieldset label{font-weight:400}
button{font:inherit;padding:.5rem 1rem;border:0;border-radius:.25rem;background:var(--accent);color:var(--bg);cursor:pointer;justify-self:start}
.error{color:var(--error)}
.trap{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
@media (max-width:30rem){h1{font-size:1.35rem}.wrap{padding:1rem .75rem 2rem}}
`.trim();

// A hash rather than 'unsafe-inline': the page needs no script and no other style. The icon is
// the empty data: URL so that no browser asks for a /favicon.ico the site does not have (a 404
// on every first visit); connect-src 'self' lets a checker such as Lighthouse fetch robots.txt
// from the page, and with no script allowed nothing else can connect anywhere.
const CSS_HASH = createHash('sha256').update(CSS, 'utf8').digest('base64');
const NO_ICON = 'data:,';
// A page with a form may post it to the site itself and nowhere else; any other page posts nothing.
const csp = (formAction: "'none'" | "'self'") =>
  `default-src 'none'; style-src 'sha256-${CSS_HASH}'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action ${formAction}`;

export interface Alternate {
  type: string;
  /** Names a feed in a browser's list; a version of the page in another language has none. */
  title?: string;
  /** For a version of the page in another language (or x-default). */
  hreflang?: string;
  href: string;
}

export interface PageShell {
  language: string;
  title: string;
  description: string;
  alternates: readonly Alternate[];
  /** Already-escaped HTML of the page body. */
  body: string;
  /** The body has a form, which posts to this site. */
  hasForm?: boolean;
}

/** The document around a page body; every value but `body` is escaped here. */
export function htmlPage(shell: PageShell): string {
  const alternates = shell.alternates
    .map(
      (alternate) =>
        `<link rel="alternate"${alternate.hreflang === undefined ? '' : ` hreflang="${escapeMarkup(alternate.hreflang)}"`} type="${escapeMarkup(alternate.type)}"${alternate.title === undefined ? '' : ` title="${escapeMarkup(alternate.title)}"`} href="${escapeMarkup(alternate.href)}">`,
    )
    .join('\n');
  return stripXmlIllegal(`<!doctype html>
<html lang="${escapeMarkup(shell.language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${escapeMarkup(csp(shell.hasForm ? "'self'" : "'none'"))}">
<meta name="referrer" content="strict-origin-when-cross-origin">
<title>${escapeMarkup(shell.title)}</title>
<meta name="description" content="${escapeMarkup(shell.description)}">
<link rel="icon" href="${NO_ICON}">
${alternates}
<style>${CSS}</style>
</head>
<body>
<div class="wrap">
${shell.body}
</div>
</body>
</html>
`);
}
