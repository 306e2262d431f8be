// Where the feeds live and how readers get them: a private, versioned S3 bucket written
// only by the feeds function under feeds/ and releases/ (the release pages) and the sitemaps, and by both stream consumers under media/ (a public release's photos and
// attachments), read only by CloudFront (origin access control), which caches each file as
// long as its own Cache-Control says.
import { Construct } from 'constructs';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { publicMediaKey } from '../lambdas/core/media-keys.ts';
import { releasePagePath } from '../lambdas/core/release-link.ts';
import { daySitemapPath, NEWS_SITEMAP_PATH, ROBOTS_PATH, SEARCH_FILE_PATTERN, SITEMAP_INDEX_PATH } from '../lambdas/core/sitemaps/sitemap-paths.ts';
import { ULID_CHARACTERS } from '../lambdas/core/ulid.ts';
import type { StageConfig } from './stage.ts';

/** Every feed object key starts with this (see lambdas/core/feeds/feed-files.ts). */
export const FEEDS_PREFIX = 'feeds/';
/** Every public media object key starts with this: `media/`, from the key rule itself. */
export const MEDIA_PREFIX = `${publicMediaKey('*', '').split('*')[0]}`;
/**
 * The longest CloudFront keeps a media object before asking the bucket again: a retracted
 * release's photos leave the edge within this, though browsers keep their year (immutable names).
 */
export const MEDIA_MAX_TTL = Duration.minutes(10);

/** Every release page's object key starts with this (releases/<id>.html, lambdas/core/release-link.ts). */
export const PAGES_PREFIX = `${releasePagePath('*').split('*')[0]}`;

/** The search engines' files the feeds function writes: the sitemap index, News sitemap and robots.txt at the root, and every day's sitemap. */
export const SEARCH_FILE_KEYS = [SITEMAP_INDEX_PATH, NEWS_SITEMAP_PATH, ROBOTS_PATH, daySitemapPath('*')];

// Viewer-request: a folder is its index.html (/feeds/ is the HTML directory), a release page
// /releases/<id> is the object releases/<id>.html, and any other path under /releases/ is a 404,
// as the local site server answers it; the sitemaps and robots.txt are their objects; anything
// else outside /feeds/ and /releases/ is sent to /feeds/, so the bucket is never asked for keys
// we do not publish.
const ROUTING_FUNCTION = `
function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (${SEARCH_FILE_PATTERN}.test(uri.slice(1))) return request;
  if (uri.indexOf('/${PAGES_PREFIX}') === 0) {
    if (!/^\\/${PAGES_PREFIX.replace('/', '\\/')}${ULID_CHARACTERS}$/.test(uri)) {
      return { statusCode: 404, statusDescription: 'Not Found' };
    }
    request.uri = uri + '.html';
    return request;
  }
  if (uri.indexOf('/${FEEDS_PREFIX}') !== 0) {
    return { statusCode: 302, statusDescription: 'Found', headers: { location: { value: '/${FEEDS_PREFIX}' } } };
  }
  if (uri.endsWith('/')) request.uri += 'index.html';
  return request;
}
`;

export class FeedsSite extends Construct {
  readonly bucket: s3.Bucket;
  readonly logBucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  /** https://<domain>, no trailing slash: feeds are at `${baseUrl}/feeds/…`. */
  readonly baseUrl: string;

  constructor(scope: Construct, id: string, config: StageConfig) {
    super(scope, id);
    // Holds S3 server access logs and CloudFront standard logs. CloudFront's standard
    // logging still delivers through bucket ACLs, hence BUCKET_OWNER_PREFERRED.
    this.logBucket = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(config.retainData ? 365 : 30) }],
      // Kept in every stage: deleting a non-empty bucket would fail the stack deletion.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.logBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the access-log bucket itself; logging its own access into itself would loop, and AWS advises against it.',
    });

    this.bucket = new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 's3-feeds/',
      // Every release rewrites several feed files; old versions are only for recovery.
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const cachePolicy = new cloudfront.CachePolicy(this, 'CachePolicy', {
      comment: 'Feeds: honour the Cache-Control the feeds function sets on each object',
      // minTtl 0 lets an object's own Cache-Control (e.g. max-age=60) decide; defaultTtl
      // only applies to an object written without one.
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.minutes(1),
      maxTtl: Duration.days(1),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
      headerBehavior: cloudfront.CacheHeaderBehavior.none(),
      queryStringBehavior: cloudfront.CacheQueryStringBehavior.none(),
      cookieBehavior: cloudfront.CacheCookieBehavior.none(),
    });
    const routing = new cloudfront.Function(this, 'Routing', {
      comment: 'Map /feeds/ to feeds/index.html and /releases/<id> to its page; send other paths to /feeds/',
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromInline(ROUTING_FUNCTION),
    });
    // LIST lets S3 answer 404 (not 403) for a feed that does not exist yet.
    const origin = origins.S3BucketOrigin.withOriginAccessControl(this.bucket, {
      originAccessLevels: [cloudfront.AccessLevel.READ, cloudfront.AccessLevel.LIST],
    });
    const behavior: cloudfront.BehaviorOptions = {
      origin,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
      cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD,
      compress: true,
      cachePolicy,
      // Feeds are public: browser-based readers may fetch them cross-origin.
      responseHeadersPolicy: cloudfront.ResponseHeadersPolicy.CORS_ALLOW_ALL_ORIGINS_AND_SECURITY_HEADERS,
      functionAssociations: [{ function: routing, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
    };
    // Media keep their names for ever (a new upload is a new id) and carry
    // `Cache-Control: public, max-age=31536000, immutable` for browsers; the edge asks the bucket
    // again after MEDIA_MAX_TTL, so a retraction's removal reaches it.
    // No routing function: /media/<id>/<name> is the object's key as it is.
    const mediaBehavior: cloudfront.BehaviorOptions = {
      origin,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
      cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD,
      compress: true,
      cachePolicy: new cloudfront.CachePolicy(this, 'MediaCachePolicy', {
        comment: 'Media: immutable names; the edge rechecks the bucket every 10 minutes so retracted media leave it',
        minTtl: Duration.seconds(0),
        defaultTtl: MEDIA_MAX_TTL,
        maxTtl: MEDIA_MAX_TTL,
        enableAcceptEncodingGzip: true,
        enableAcceptEncodingBrotli: true,
        headerBehavior: cloudfront.CacheHeaderBehavior.none(),
        queryStringBehavior: cloudfront.CacheQueryStringBehavior.none(),
        cookieBehavior: cloudfront.CacheCookieBehavior.none(),
      }),
      // Partners' pages and readers embed or fetch them from other origins.
      responseHeadersPolicy: cloudfront.ResponseHeadersPolicy.CORS_ALLOW_ALL_ORIGINS_AND_SECURITY_HEADERS,
    };
    const domain = config.feedsDomain;
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `pressroom feeds (${config.stage})`,
      defaultBehavior: behavior,
      additionalBehaviors: { [`/${FEEDS_PREFIX}*`]: behavior, [`/${PAGES_PREFIX}*`]: behavior, [`/${MEDIA_PREFIX}*`]: mediaBehavior },
      // Never reached (the routing function redirects /), but if it were, `/` must not
      // become a bucket listing now that CloudFront holds ListBucket.
      defaultRootObject: 'feeds/index.html',
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: 'cloudfront/',
      ...(domain
        ? {
            domainNames: [domain.domainName],
            minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
            certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', domain.certificateArn),
          }
        : {}),
    });
    this.baseUrl = `https://${domain?.domainName ?? this.distribution.distributionDomainName}`;

    const suppressions = [
      {
        id: 'AwsSolutions-CFR1',
        reason: 'Feeds are published for media outlets worldwide; there is no country they must not reach.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'The distribution serves public, read-only, cacheable files from S3 (GET/HEAD, no query strings or cookies forwarded), absorbed by caching and AWS Shield Standard; its one application path, /alerts/* (the e-mail alert form and link pages), limits requests per client network and confirmation mails per address itself, and ignores forms posted from other sites. A rate-based web ACL on /alerts/* can be attached later without changing the stack.',
      },
    ];
    if (!domain) {
      suppressions.push({
        id: 'AwsSolutions-CFR4',
        reason:
          'Without a custom domain the distribution uses the default *.cloudfront.net certificate, for which CloudFront fixes the viewer security policy (TLSv1); with -c feedsDomainName the stack sets TLSv1.2_2021.',
      });
    }
    Validations.of(this.distribution).acknowledge(...suppressions, {
      id: 'Annotation::@aws-cdk/aws-cloudfront-origins:listBucketSecurityRisk',
      reason:
        'ListBucket only makes S3 answer 404 instead of 403 for a missing feed. A listing needs a request for / with query strings: the routing function redirects / before any origin request, no query string is forwarded, and defaultRootObject is set too. The /media/* behaviour has no routing function, but its requests always name a key under media/, never the bucket root.',
    });
  }

  /** The stream consumers (notify and feeds) publish a public release's media under media/ and remove them when no public release uses them. */
  grantMediaWriter(role: iam.Role): void {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'PublishAndRemoveMedia',
        actions: ['s3:PutObject', 's3:DeleteObject'],
        resources: [this.bucket.arnForObjects(`${MEDIA_PREFIX}*`)],
      }),
    );
  }

  /** The feeds function: read and write feed files, release pages and sitemaps, nothing else in the bucket. */
  grantFeedsWriter(role: iam.Role): void {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ReadWriteFeedFiles',
        actions: ['s3:GetObject', 's3:PutObject'],
        resources: [FEEDS_PREFIX, PAGES_PREFIX].map((prefix) => this.bucket.arnForObjects(`${prefix}*`)).concat(SEARCH_FILE_KEYS.map((key) => this.bucket.arnForObjects(key))),
      }),
    );
    // Without ListBucket S3 answers 403 instead of 404 for a feed file that does not exist
    // yet, which the writer must tell apart from a real denial. The bucket holds nothing but
    // public feed files, so listing its keys reveals nothing.
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'TellMissingFeedFilesApart',
        actions: ['s3:ListBucket'],
        resources: [this.bucket.bucketArn],
      }),
    );
  }

  /**
   * The site's pages a function answers (lambdas/routes.ts, pageRoutes): sent to the HTTP API
   * on the site's own origin, so a form posts to the site it is on. Never cached (each answer is
   * one reader's), the query string (a link's token) and the viewer's address passed on.
   */
  servePages(pathPattern: string, apiDomain: string): void {
    this.distribution.addBehavior(pathPattern, new origins.HttpOrigin(apiDomain, { protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY }), {
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
      cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
      originRequestPolicy: new cloudfront.OriginRequestPolicy(this, 'PagesOriginRequestPolicy', {
        comment: 'Alert pages: the query string, the form and the viewer address; not the Host, which API Gateway must see as its own',
        queryStringBehavior: cloudfront.OriginRequestQueryStringBehavior.all(),
        // Origin and Sec-Fetch-Site let the function ignore a form posted from another site.
        headerBehavior: cloudfront.OriginRequestHeaderBehavior.allowList('content-type', 'cloudfront-viewer-address', 'origin', 'sec-fetch-site'),
        cookieBehavior: cloudfront.OriginRequestCookieBehavior.none(),
      }),
      // The function sets the security headers itself: a managed policy could override its
      // Referrer-Policy: no-referrer with a weaker one.
    });
  }
}
