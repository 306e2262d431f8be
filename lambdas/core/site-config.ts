// The institution a deployment speaks for, as configuration: another parliament deploys
// Pressroom by changing pressroom.config.json, not code. One schema; the CDK app checks it at
// synth, the Lambdas and the local runtime at start, each with the key that is wrong.
import * as v from 'valibot';
import { detailsOf } from './validation-issues.ts';

const LANGUAGE = /^[a-z]{2,3}$/;

const text = v.pipe(v.string(), v.trim(), v.nonEmpty('must not be empty'));
const language = v.pipe(v.string(), v.regex(LANGUAGE, 'must be a primary language subtag such as "az" or "kk"'));
/** A text in each of the languages the chrome speaks (checked against `languages` below). */
const perLanguage = v.pipe(v.record(language, text), v.description('One text per language of `languages`.'));

function validTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const httpUrl = v.pipe(
  v.string(),
  v.url('must be an absolute URL'),
  // The pipe goes on after a failed url(): a value URL cannot parse must not throw here.
  v.check((value) => !URL.canParse(value) || /^https?:$/.test(new URL(value).protocol), 'must be http or https'),
);

export const SiteConfigSchema = v.pipe(
  v.strictObject({
    institution: v.strictObject({
      name: v.pipe(perLanguage, v.description('The institution\'s name, e.g. "Milli Məclis"; titles every feed.')),
      description: v.pipe(perLanguage, v.description('Describes the feed of everything.')),
      topicDescription: v.pipe(
        perLanguage,
        v.check((texts) => Object.values(texts).every((t) => t.includes('{topic}')), 'every text must contain {topic}'),
        v.description('Describes a country\'s or an official\'s feed; {topic} is replaced by its name.'),
      ),
    }),
    siteUrl: v.pipe(httpUrl, v.description('The institution\'s public website (the feeds\' author link).')),
    logo: v.optional(
      v.pipe(
        httpUrl,
        v.description(
          'The institution\'s logo: a square PNG or JPEG of at least 512×512 pixels where search engines may fetch it. The feeds\' image (RSS `<image>`, Atom `<logo>`, JSON Feed `icon`) and the publisher\'s logo in each page\'s structured data. Left out: none is given.',
        ),
      ),
    ),
    tagUri: v.pipe(
      v.strictObject({
        authority: v.pipe(v.string(), v.regex(/^[a-z0-9.-]+$/, 'must be a lower-case domain name'), v.includes('.', 'must be a domain name')),
        date: v.pipe(v.string(), v.regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'must be a date: YYYY, YYYY-MM or YYYY-MM-DD')),
      }),
      v.description(
        'Authority and date of the tag URIs (RFC 4151) that identify every entry and feed. FROZEN once feeds are published: changing either changes every entry id, and readers show the whole archive again as new.',
      ),
    ),
    timeZone: v.pipe(v.string(), v.check(validTimeZone, 'must be an IANA time zone, e.g. "Asia/Baku"'), v.description('Dates on pages are shown in this zone.')),
    defaultLanguage: v.pipe(language, v.description('Language of the directory and of an empty feed.')),
    languages: v.pipe(
      v.array(language),
      v.minLength(1, 'must name at least one language'),
      v.description('The languages the chrome speaks; each needs lambdas/core/i18n/<language>.json.'),
    ),
    feedSize: v.pipe(v.number(), v.integer('must be an integer'), v.minValue(1), v.maxValue(1000), v.description('Items per feed.')),
    contact: v.pipe(
      v.strictObject({ name: text, email: v.pipe(v.string(), v.email('must be an e-mail address')), phone: text }),
      v.description('The press office, for readers of the pages.'),
    ),
    copyrightHolder: v.optional(
      v.pipe(perLanguage, v.description('Who holds the rights in the releases, e.g. "Milli Məclis"; the ninjs `copyrightholder`. Left out: no claim is made.')),
    ),
    usageTerms: v.optional(
      v.pipe(
        perLanguage,
        v.description('How editors may use the releases, in words, e.g. "Free to reproduce with attribution"; the ninjs `usageterms`. Left out: none are stated.'),
      ),
    ),
    alerts: v.optional(
      v.pipe(
        v.strictObject({
          sender: v.pipe(
            v.string(),
            v.email('must be an e-mail address'),
            v.description('The From address of every alert, e.g. "alerts@meclis.gov.az": the CDK app verifies its domain with SES (DKIM).'),
          ),
          digestTime: v.pipe(
            v.string(),
            v.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day, HH:MM'),
            v.description('When the daily digest goes out, in the site\'s time zone.'),
          ),
        }),
        v.description('E-mail alerts for readers who follow a feed by mail. Left out: the pages offer none.'),
      ),
    ),
  }),
  v.forward(
    v.check((config) => config.languages.includes(config.defaultLanguage), 'must be one of languages'),
    ['defaultLanguage'],
  ),
  v.forward(
    v.check((config) => config.languages.every((l) => config.institution.name[l] !== undefined), 'needs a name in every one of languages'),
    ['institution', 'name'],
  ),
  v.forward(
    v.check((config) => config.languages.every((l) => config.institution.description[l] !== undefined), 'needs a text in every one of languages'),
    ['institution', 'description'],
  ),
  v.forward(
    v.check((config) => config.languages.every((l) => config.institution.topicDescription[l] !== undefined), 'needs a text in every one of languages'),
    ['institution', 'topicDescription'],
  ),
  v.forward(
    v.check((config) => config.copyrightHolder === undefined || config.languages.every((l) => config.copyrightHolder![l] !== undefined), 'needs a text in every one of languages'),
    ['copyrightHolder'],
  ),
  v.forward(
    v.check((config) => config.usageTerms === undefined || config.languages.every((l) => config.usageTerms![l] !== undefined), 'needs a text in every one of languages'),
    ['usageTerms'],
  ),
);

export type SiteConfig = v.InferOutput<typeof SiteConfigSchema>;

/** The configuration, or an error that names the source and every bad key. */
export function parseSiteConfig(input: unknown, source: string): SiteConfig {
  const result = v.safeParse(SiteConfigSchema, input);
  if (result.success) return result.output;
  const problems = detailsOf(result.issues).map((detail) => `${detail.path || '(the whole file)'}: ${detail.message}`);
  throw new Error(`invalid site configuration in ${source}:\n  ${problems.join('\n  ')}`);
}
