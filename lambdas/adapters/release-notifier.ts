// Publishes a release event to the releases topic.
import { PublishCommand } from '@aws-sdk/client-sns';
import { messageBody, type MessageAttribute, type ReleaseEvent } from '../core/release-event.ts';
import { snsClient, topicArn } from './sns-client.ts';

export async function publishReleaseEvent(event: ReleaseEvent, attributes: Record<string, MessageAttribute>): Promise<string | undefined> {
  const { MessageId } = await snsClient().send(
    new PublishCommand({
      TopicArn: topicArn(),
      Subject: subjectOf(event.type),
      Message: messageBody(event),
      MessageAttributes: attributes,
    }),
  );
  return MessageId;
}

// ASCII and short, as SNS requires of a Subject; partners read the type from the body.
const subjectOf = (type: string) => `Pressroom ${type}`;

/**
 * A logged event again, for one subscription only: the body and attributes it was first
 * published with, its audience the one only that subscription's filter policy accepts.
 */
export async function republishEvent(
  logged: { body: string; attributes: Record<string, MessageAttribute> },
  type: string,
  audience: string,
): Promise<void> {
  await snsClient().send(
    new PublishCommand({
      TopicArn: topicArn(),
      Subject: subjectOf(type),
      Message: logged.body,
      MessageAttributes: { ...logged.attributes, audience: { DataType: 'String', StringValue: audience } },
    }),
  );
}
