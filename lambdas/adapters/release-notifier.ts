// Publishes a release event to the releases topic.
import { PublishCommand } from '@aws-sdk/client-sns';
import { messageBody, type MessageAttribute, type ReleaseEvent } from '../core/release-event.ts';
import { snsClient, topicArn } from './sns-client.ts';

export async function publishReleaseEvent(event: ReleaseEvent, attributes: Record<string, MessageAttribute>): Promise<string | undefined> {
  const { MessageId } = await snsClient().send(
    new PublishCommand({
      TopicArn: topicArn(),
      // ASCII and short, as SNS requires of a Subject; partners read the type from the body.
      Subject: `Pressroom ${event.type}`,
      Message: messageBody(event),
      MessageAttributes: attributes,
    }),
  );
  return MessageId;
}
