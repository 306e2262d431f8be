import { S3Client } from '@aws-sdk/client-s3';
import { adapterContext, adapterSettings } from './adapter-context.ts';
import { sdkConfig } from './sdk-client.ts';
import { required } from './settings.ts';

/** The S3 client; locally path-style, as 127.0.0.1 has no per-bucket host names. */
export const s3Client = () =>
  adapterContext().client('s3', (settings) =>
    new S3Client(sdkConfig(settings.endpoints.s3, settings.localCredentials, settings.endpoints.s3 ? { forcePathStyle: true } : {})),
  );

export const feedsBucket = (): string => required(adapterSettings(), 'feedsBucket');
