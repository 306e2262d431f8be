// Lighthouse on a page, in a Chromium it drives over the DevTools port: the category scores
// (0–100), the performance metrics and, for a report, the audits that cost points.
import lighthouse from 'lighthouse';

export const LIGHTHOUSE_CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
export type LighthouseCategory = (typeof LIGHTHOUSE_CATEGORIES)[number];

/** The performance category's metrics, as Lighthouse names its audits. */
export const LIGHTHOUSE_METRICS = ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'speed-index'] as const;

export interface LighthouseResult {
  scores: Record<LighthouseCategory, number>;
  /** With the performance category: each metric's value (ms; the layout shift unitless). */
  metrics: Partial<Record<(typeof LIGHTHOUSE_METRICS)[number], number>>;
  /** "category: audit title (score: why)" for every audit that scored under 1 and counts. */
  shortfalls: string[];
}

export async function runLighthouse(url: string, port: number, categories: readonly LighthouseCategory[] = LIGHTHOUSE_CATEGORIES): Promise<LighthouseResult> {
  const result = await lighthouse(url, { port, logLevel: 'error', output: 'json', onlyCategories: [...categories] });
  if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
  const { lhr } = result;
  if (lhr.runtimeError) throw new Error(`Lighthouse on ${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
  const scores = {} as Record<LighthouseCategory, number>;
  const shortfalls: string[] = [];
  for (const category of categories) {
    const { score, auditRefs } = lhr.categories[category]!;
    scores[category] = Math.round((score ?? 0) * 100);
    for (const ref of auditRefs) {
      const audit = lhr.audits[ref.id]!;
      if (ref.weight > 0 && audit.score !== null && audit.score < 1) shortfalls.push(`${category}: ${audit.title} (${audit.score}${audit.explanation ? `: ${audit.explanation}` : ''}${audit.displayValue ? `, ${audit.displayValue}` : ''})`);
    }
  }
  const metrics: LighthouseResult['metrics'] = {};
  if (categories.includes('performance')) for (const id of LIGHTHOUSE_METRICS) metrics[id] = lhr.audits[id]?.numericValue;
  return { scores, metrics, shortfalls };
}
