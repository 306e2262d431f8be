// Sends one e-mail through SES v2 as Simple content (subject, text, HTML and headers): SES
// builds the MIME and signs it with the domain's DKIM key. The local runtime points the
// client at its SES engine.
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { adapterContext, adapterSettings } from './adapter-context.ts';
import { sdkConfig } from './sdk-client.ts';
import { requiredAlerts } from './settings.ts';
import type { MailMessage } from '../core/alerts/mail-message.ts';

export const sesClient = () => adapterContext().client('ses', (settings) => new SESv2Client(sdkConfig(settings.endpoints.ses, settings.localCredentials)));

const utf8 = (data: string) => ({ Data: data, Charset: 'UTF-8' });

/**
 * SES's messages can name the recipient ("identities failed the check: …"), and an error is
 * logged where it lands: what is thrown instead keeps SES's error name (what a retry is decided
 * on) and status, never its message.
 */
export class MailRefused extends Error {
  constructor(
    readonly sesError: string,
    readonly status: number | undefined,
  ) {
    // The cause carries only what decides a retry (a throttled SES is a dependency down, 503).
    super(`SES did not accept the message: ${sesError}${status === undefined ? '' : ` (${status})`}`, {
      cause: { name: sesError, $metadata: { httpStatusCode: status } },
    });
    this.name = 'MailRefused';
  }
}

/** Sends `content` to one address and answers SES's message id. */
export async function sendMail(to: string, content: MailMessage): Promise<string> {
  const alerts = requiredAlerts(adapterSettings());
  const command = new SendEmailCommand({
    FromEmailAddress: alerts.from,
    Destination: { ToAddresses: [to] },
    Content: {
      Simple: {
        Subject: utf8(content.subject),
        Body: { Text: utf8(content.text), Html: utf8(content.html) },
        Headers: Object.entries(content.headers).map(([Name, Value]) => ({ Name, Value })),
      },
    },
    ...(alerts.configurationSet ? { ConfigurationSetName: alerts.configurationSet } : {}),
  });
  try {
    const { MessageId } = await sesClient().send(command);
    return MessageId ?? '';
  } catch (error) {
    const { name, $metadata } = error as { name?: string; $metadata?: { httpStatusCode?: number } };
    throw new MailRefused(name ?? 'Error', $metadata?.httpStatusCode);
  }
}
