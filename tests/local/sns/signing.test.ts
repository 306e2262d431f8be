import { createVerify, X509Certificate } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { createMessageSigner, stringToSign, verifyMessageSignature, type SignableMessage } from '../../../local/sns/signing.ts';

const notification: SignableMessage = {
  Type: 'Notification',
  MessageId: '22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324',
  TopicArn: 'arn:aws:sns:us-east-1:000000000000:releases',
  Subject: 'Milli Majlis',
  Message: '{"type":"release.published"}',
  Timestamp: '2024-05-01T10:00:00.000Z',
};

describe('string to sign', () => {
  test('Notification: Message, MessageId, Subject, Timestamp, TopicArn, Type — key and value each on its own line', () => {
    expect(stringToSign(notification)).toBe(
      'Message\n{"type":"release.published"}\n' +
        'MessageId\n22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324\n' +
        'Subject\nMilli Majlis\n' +
        'Timestamp\n2024-05-01T10:00:00.000Z\n' +
        'TopicArn\narn:aws:sns:us-east-1:000000000000:releases\n' +
        'Type\nNotification\n',
    );
  });

  test('Notification without Subject leaves the Subject lines out', () => {
    const { Subject: _omitted, ...withoutSubject } = notification;
    expect(stringToSign(withoutSubject)).not.toContain('Subject');
  });

  test('SubscriptionConfirmation: Message, MessageId, SubscribeURL, Timestamp, Token, TopicArn, Type', () => {
    const text = stringToSign({
      Type: 'SubscriptionConfirmation',
      MessageId: 'm',
      TopicArn: 't',
      Message: 'msg',
      Timestamp: 'ts',
      SubscribeURL: 'u',
      Token: 'tok',
    });
    expect(text).toBe('Message\nmsg\nMessageId\nm\nSubscribeURL\nu\nTimestamp\nts\nToken\ntok\nTopicArn\nt\nType\nSubscriptionConfirmation\n');
  });
});

describe('signer', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  test('SHA256withRSA signatures verify against the certificate with node:crypto', async () => {
    const signer = await createMessageSigner();
    const signature = signer.sign(notification);
    const certificate = new X509Certificate(signer.certificatePem);
    expect(certificate.publicKey.asymmetricKeyType).toBe('rsa');
    expect(certificate.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);

    const verifier = createVerify('RSA-SHA256');
    verifier.update(stringToSign(notification), 'utf8');
    expect(verifier.verify(signer.certificatePem, signature, 'base64')).toBe(true);
    expect(verifyMessageSignature({ ...notification, Signature: signature }, signer.certificatePem)).toBe(true);
    expect(verifyMessageSignature({ ...notification, Message: 'tampered', Signature: signature }, signer.certificatePem)).toBe(false);
  });

  test('a data directory keeps the key across restarts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sns-signing-'));
    dirs.push(dir);
    const first = await createMessageSigner({ dataDir: dir });
    const second = await createMessageSigner({ dataDir: dir });
    expect(second.certificatePem).toBe(first.certificatePem);
    expect(second.certificateId).toBe(first.certificateId);
    expect(verifyMessageSignature({ ...notification, Signature: first.sign(notification) }, second.certificatePem)).toBe(true);
    const fresh = await createMessageSigner();
    expect(fresh.certificatePem).not.toBe(first.certificatePem);
  });
});
