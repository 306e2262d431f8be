// A Node.js Lambda as every Pressroom function is built: esbuild on this machine (never
// Docker), nodejs24.x on ARM64, ESM, minified with source maps, the AWS SDK bundled, its
// own log group and a role that starts with nothing but writing to that log group. A native
// package (sharp) is installed beside the bundle for Lambda's platform instead of bundled.
import { Construct } from 'constructs';
import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { resolve } from 'node:path';
import { entryOf, projectRoot, type PressroomFunctionName } from './functions.ts';
import { removalPolicy, type StageConfig } from './stage.ts';

export interface PressroomFunctionProps {
  name: PressroomFunctionName;
  config: StageConfig;
  description: string;
  /** Beyond TABLE_NAME and the logging settings every function gets. */
  environment?: Record<string, string>;
  timeout?: Duration;
  memorySize?: number;
  /**
   * Packages with native code (sharp) that esbuild must not bundle: npm installs them into the
   * asset's node_modules, at package.json's version, for the function's platform (Linux, ARM64,
   * glibc) whatever machine synthesises.
   */
  installedModules?: readonly string[];
}

/**
 * npm's own platform settings, read by `npm ci` from the environment: it installs the optional
 * platform packages (sharp's @img/sharp-linux-arm64 and its libvips) for Lambda, not for the
 * machine that synthesises, without Docker. No install scripts run, and the cache is used first.
 */
export const LAMBDA_PLATFORM_INSTALL: Readonly<Record<string, string>> = {
  npm_config_os: 'linux',
  npm_config_cpu: 'arm64',
  npm_config_libc: 'glibc',
  npm_config_ignore_scripts: 'true',
  npm_config_prefer_offline: 'true',
};

// Some bundled CommonJS dependencies call require() for Node built-ins; in an ESM bundle
// that name does not exist unless we create it.
const ESM_REQUIRE_BANNER =
  "import { createRequire as __pressroomCreateRequire } from 'node:module'; const require = __pressroomCreateRequire(import.meta.url);";

export class PressroomFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: iam.Role;
  /** The handler module this function bundles (absolute path). */
  readonly entry: string;

  constructor(scope: Construct, id: string, props: PressroomFunctionProps & { tableName: string }) {
    super(scope, id);
    const { name, config } = props;
    this.entry = entryOf(name);
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: config.logRetention,
      removalPolicy: removalPolicy(config),
    });
    // An explicit role instead of the default one, which would carry the AWS managed
    // AWSLambdaBasicExecutionRole (logs:* on every log group in the account).
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `pressroom ${name} (${config.stage})`,
    });
    logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, 'Function', {
      description: props.description,
      entry: this.entry,
      handler: 'handler',
      projectRoot,
      depsLockFilePath: resolve(projectRoot, 'package-lock.json'),
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.seconds(10),
      role: this.role,
      logGroup,
      environment: {
        TABLE_NAME: props.tableName,
        POWERTOOLS_SERVICE_NAME: `pressroom-${name}`,
        POWERTOOLS_LOG_LEVEL: config.logLevel,
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        mainFields: ['module', 'main'],
        minify: true,
        sourceMap: true,
        // Stack traces only need the mappings; leaving the sources out halves the bundle.
        sourcesContent: false,
        banner: ESM_REQUIRE_BANNER,
        // Bundle the AWS SDK v3 (the default leaves @aws-sdk/* to the runtime's copy): the
        // function then ships exactly the SDK version the tests ran against, and a runtime
        // SDK update cannot change behaviour underneath us.
        externalModules: [],
        ...(props.installedModules?.length ? { nodeModules: [...props.installedModules], environment: { ...LAMBDA_PLATFORM_INSTALL } } : {}),
      },
    });
  }
}
