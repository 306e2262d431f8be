// The cost model: counted operations (per POST, per correction, per feed poll, fixed per month)
// times AWS list prices, for a workload. Pure arithmetic; bench/costs.ts does the counting.

/**
 * us-east-1 on-demand list prices, from AWS's public pricing pages as they stood in 2025 (the
 * DynamoDB figures are those after its November 2024 on-demand reduction). They were not
 * re-read online from the machine that ran the bench (it has no internet); check them before
 * quoting a figure. Free tiers are left out: a production account outgrows most of them.
 */
export const PRICES = {
  region: 'us-east-1',
  asOf: '2025 list prices',
  sources: [
    'https://aws.amazon.com/lambda/pricing/',
    'https://aws.amazon.com/dynamodb/pricing/on-demand/',
    'https://aws.amazon.com/api-gateway/pricing/',
    'https://aws.amazon.com/sns/pricing/',
    'https://aws.amazon.com/s3/pricing/',
    'https://aws.amazon.com/cloudfront/pricing/',
    'https://aws.amazon.com/cloudwatch/pricing/',
    'https://aws.amazon.com/ses/pricing/',
  ],
  lambdaRequest: 0.2 / 1e6,
  /** Arm64, the architecture every function is built for (lib/lambda-function.ts). */
  lambdaGbSecond: 0.0000133334,
  dynamoWriteUnit: 0.625 / 1e6,
  dynamoReadUnit: 0.125 / 1e6,
  dynamoGbMonth: 0.25,
  httpApiRequest: 1.0 / 1e6,
  snsPublish: 0.5 / 1e6,
  snsHttpDelivery: 0.6 / 1e6,
  s3Put: 0.005 / 1000,
  s3Get: 0.0004 / 1000,
  cloudFrontHttpsRequest: 0.01 / 10_000,
  /** First 10 TB a month to North America and Europe. */
  cloudFrontGb: 0.085,
  cloudWatchAlarm: 0.1,
  sesMessage: 0.1 / 1000,
} as const;

/** What one operation costs the system, counted on the local runtime. */
export interface UnitCounts {
  lambdaInvocations: number;
  /** Summed billed duration of every invocation, in seconds. */
  lambdaSeconds: number;
  /** Summed over functions: billed ms × configured memory (GB). */
  lambdaGbSeconds: number;
  dynamoReadUnits: number;
  dynamoWriteUnits: number;
  snsPublishes: number;
  /** HTTP deliveries per partner whose filter matches. */
  deliveriesPerPartner: number;
  s3Puts: number;
  s3Gets: number;
  apiRequests: number;
  /** Bytes the table grows by. */
  storedBytes: number;
}

export interface Measured {
  post: UnitCounts;
  correction: UnitCounts;
  /** Bytes CloudFront sends for a poll answered with the whole feed (compressed) and with a 304. */
  pollBytes: { full: number; notModified: number };
  /** Alarms the stack creates: billed whether or not they fire. */
  alarms: number;
  /** Releases a second one shard's consumers took in, draining a backlog (batches coalesce). */
  shardReleasesPerSecond: number;
}

export interface Workload {
  name: string;
  releasesPerMonth: number;
  partners: number;
  pollsPerMonth: number;
  emailSubscribers: number;
  describe: string;
}

const HOURS = 730;
const DAYS = HOURS / 24;
export const WORKLOADS: Workload[] = [
  { name: 'parliament', releasesPerMonth: 20 * DAYS, partners: 30, pollsPerMonth: 5_000 * HOURS, emailSubscribers: 2_000, describe: '20 releases a day, 30 partners, 5,000 feed polls an hour, 2,000 e-mail subscribers' },
  { name: 'national government', releasesPerMonth: 500 * DAYS, partners: 300, pollsPerMonth: 200_000 * HOURS, emailSubscribers: 50_000, describe: '500 a day, 300 partners, 200,000 polls an hour, 50,000 subscribers' },
  { name: 'wire service', releasesPerMonth: 1_000 * HOURS, partners: 3_000, pollsPerMonth: 5_000_000 * HOURS, emailSubscribers: 0, describe: '1,000 an hour, 3,000 partners, 5 million polls an hour' },
];

/** Assumptions the workloads do not state; each is printed with the figures. */
export const ASSUMPTIONS = {
  correctionsPerRelease: 0.1,
  /** Share of polls answered 304 (readers sending If-None-Match while nothing changed). */
  notModifiedShare: 0.5,
  /** Peak rate over the month's average, for the limits. */
  peakOverAverage: 10,
  /** Every partner's filter matches every release: the most deliveries a release can cause. */
  partnersMatching: 1,
} as const;

export interface CostLine {
  term: string;
  monthly: number;
}

export function monthlyCost(measured: Measured, workload: Workload): CostLine[] {
  const releases = workload.releasesPerMonth;
  const corrections = releases * ASSUMPTIONS.correctionsPerRelease;
  const of = (pick: (u: UnitCounts) => number) => releases * pick(measured.post) + corrections * pick(measured.correction);
  const deliveries = of((u) => u.deliveriesPerPartner) * workload.partners * ASSUMPTIONS.partnersMatching;
  const polls = workload.pollsPerMonth;
  const pollGb =
    (polls * (1 - ASSUMPTIONS.notModifiedShare) * measured.pollBytes.full + polls * ASSUMPTIONS.notModifiedShare * measured.pollBytes.notModified) / 1e9;
  // The archive only grows: the month's average is half of what it added, on top of what was there (not counted).
  const storedGb = of((u) => u.storedBytes) / 1e9;
  return [
    { term: 'Lambda (requests and GB-seconds)', monthly: of((u) => u.lambdaInvocations) * PRICES.lambdaRequest + of((u) => u.lambdaGbSeconds) * PRICES.lambdaGbSecond },
    { term: 'DynamoDB (read and write units)', monthly: of((u) => u.dynamoReadUnits) * PRICES.dynamoReadUnit + of((u) => u.dynamoWriteUnits) * PRICES.dynamoWriteUnit },
    { term: 'DynamoDB storage added this month', monthly: (storedGb / 2) * PRICES.dynamoGbMonth },
    { term: 'API Gateway (HTTP API)', monthly: of((u) => u.apiRequests) * PRICES.httpApiRequest },
    { term: 'SNS publishes', monthly: of((u) => u.snsPublishes) * PRICES.snsPublish },
    { term: 'SNS HTTP deliveries to partners', monthly: deliveries * PRICES.snsHttpDelivery },
    { term: 'S3 (feed PUTs and HEADs)', monthly: of((u) => u.s3Puts) * PRICES.s3Put + of((u) => u.s3Gets) * PRICES.s3Get },
    { term: 'CloudFront requests (feed polls)', monthly: polls * PRICES.cloudFrontHttpsRequest },
    { term: 'CloudFront data out (feed polls)', monthly: pollGb * PRICES.cloudFrontGb },
    { term: 'CloudWatch alarms', monthly: measured.alarms * PRICES.cloudWatchAlarm },
  ];
}

export const total = (lines: CostLine[]) => lines.reduce((sum, line) => sum + line.monthly, 0);
export const dominant = (lines: CostLine[]) => lines.reduce((top, line) => (line.monthly > top.monthly ? line : top));

/** E-mail is not built yet: what SES would add if every subscriber got every release, kept out of the total. */
export const emailIfEveryRelease = (workload: Workload) => workload.releasesPerMonth * workload.emailSubscribers * PRICES.sesMessage;
