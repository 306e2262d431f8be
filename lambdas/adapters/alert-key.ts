// The alert key: on one machine the runtime gives it; in AWS it is a Secrets Manager secret,
// read once per process (the cold start) rather than put in the function's environment, where
// anyone who may read the function's configuration would see it. A key too short to sign
// with stops the function before it writes anything.
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { LINK_KEY_MIN_BYTES } from '../core/alerts/signed-link.ts';
import { adapterContext } from './adapter-context.ts';
import { sdkConfig } from './sdk-client.ts';
import { requiredAlerts } from './settings.ts';

const secretsClient = () =>
  adapterContext().client('secretsmanager', (settings) => new SecretsManagerClient(sdkConfig(undefined, settings.localCredentials)));

const read = new WeakMap<object, Promise<Uint8Array>>();

async function fromSecret(arn: string): Promise<Uint8Array> {
  const { SecretString } = await secretsClient().send(new GetSecretValueCommand({ SecretId: arn }));
  return Buffer.from(SecretString ?? '', 'base64url');
}

export async function alertKey(): Promise<Uint8Array> {
  const context = adapterContext();
  const alerts = requiredAlerts(context.settings);
  let key = read.get(context);
  if (!key) {
    if (alerts.key) key = Promise.resolve(alerts.key);
    else if (alerts.keySecretArn) key = fromSecret(alerts.keySecretArn);
    else throw new Error('ALERT_KEY_SECRET_ARN is not set');
    // A failed read is tried again at the next call, not remembered.
    key.catch(() => read.delete(context));
    read.set(context, key);
  }
  const bytes = await key;
  if (bytes.byteLength < LINK_KEY_MIN_BYTES) throw new Error(`the alert key must hold at least ${LINK_KEY_MIN_BYTES} bytes`);
  return bytes;
}
