// The HTTP API (API Gateway v2): one route per entry of lambdas/routes.ts plus an ANY route
// per path (so a method the path lacks reaches its function and is a 405, not API Gateway's
// 404), each group of routes served by its function, throttled, access-logged, CORS for reads only.
import { Construct } from 'constructs';
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { FunctionName, Method, PageFunctionName } from '../lambdas/routes.ts';
import { removalPolicy, type StageConfig } from './stage.ts';

export interface HttpApiProps {
  config: StageConfig;
  routes: ReadonlyArray<{ method: Method | 'ANY'; path: string; function: FunctionName | PageFunctionName }>;
  /** The function serving each route group; routes whose function is absent are skipped. */
  functions: Partial<Record<FunctionName | PageFunctionName, lambda.IFunction>>;
}

// HTTP API context variables (not the REST API ones jsonWithStandardFields uses).
const ACCESS_LOG_FORMAT = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    requestTime: '$context.requestTime',
    ip: '$context.identity.sourceIp',
    userAgent: '$context.identity.userAgent',
    routeKey: '$context.routeKey',
    status: '$context.status',
    protocol: '$context.protocol',
    responseLength: '$context.responseLength',
    latency: '$context.responseLatency',
    integrationLatency: '$context.integration.latency',
    integrationError: '$context.integration.error',
    error: '$context.error.message',
  }),
);

export class HttpApi extends Construct {
  readonly api: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  /** https://<host>, no trailing slash: release links are `${baseUrl}/v1/releases/…`. */
  readonly baseUrl: string;
  /** The API's own execute-api host, which CloudFront sends the site's pages to. */
  readonly originDomain: string;

  constructor(scope: Construct, id: string, props: HttpApiProps) {
    super(scope, id);
    const { config } = props;
    this.api = new apigw.HttpApi(this, 'Api', {
      description: `pressroom API (${config.stage})`,
      createDefaultStage: false,
      // Public data may be read from browsers; writes come from servers (press office
      // tools, admins), so no preflight is ever approved for them.
      corsPreflight: {
        allowOrigins: ['*'],
        allowMethods: [apigw.CorsHttpMethod.GET, apigw.CorsHttpMethod.HEAD],
        allowHeaders: ['authorization', 'if-none-match'],
        exposeHeaders: ['etag', 'location'],
        maxAge: Duration.days(1),
      },
    });

    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: config.logRetention,
      removalPolicy: removalPolicy(config),
    });
    const domainName = config.apiDomain
      ? new apigw.DomainName(this, 'DomainName', {
          domainName: config.apiDomain.domainName,
          certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', config.apiDomain.certificateArn),
        })
      : undefined;
    this.stage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: config.throttle,
      accessLogSettings: { destination: new apigw.LogGroupLogDestination(accessLogs), format: ACCESS_LOG_FORMAT },
      ...(domainName ? { domainMapping: { domainName } } : {}),
    });
    this.originDomain = `${this.api.apiId}.execute-api.${Stack.of(this).region}.${Stack.of(this).urlSuffix}`;
    this.baseUrl = domainName
      ? `https://${config.apiDomain!.domainName}`
      : `https://${this.api.apiId}.execute-api.${Stack.of(this).region}.${Stack.of(this).urlSuffix}`;

    const integrations = new Map<FunctionName | PageFunctionName, HttpLambdaIntegration>();
    for (const route of props.routes) {
      const fn = props.functions[route.function];
      if (!fn) continue;
      let integration = integrations.get(route.function);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${route.function}Integration`, fn);
        integrations.set(route.function, integration);
      }
      this.api.addRoutes({ path: route.path, methods: [apigw.HttpMethod[route.method]], integration });
    }

    // Acknowledged on the API, so it covers each of its routes.
    Validations.of(this.api).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'Authorisation is part of the contract and lives in the handlers: hashed bearer tokens looked up in the table, a scope per route (press/admin), JSON 401/403 bodies, and an invalid token refused even on public routes. Read routes are public by design. An API Gateway authorizer could not express that without a second code path the local runtime does not run.',
    });
  }
}
