// SNS message attributes as Publish receives them, and AWS's limits on them.
import { SnsError } from './sns-error.ts';

export interface MessageAttributeValue {
  DataType: string;
  StringValue?: string;
  /** base64, as it arrives on the Query API and as SNS forwards it in envelopes */
  BinaryValue?: string;
}

export type MessageAttributes = Record<string, MessageAttributeValue>;

/** SNS's Publish limit: body plus every attribute name, type and value, in bytes. */
export const MAX_PUBLISH_BYTES = 262_144;
/** The project contract (docs/ARCHITECTURE.md, Events) holds messages to 10 attributes, as SQS-bound SNS does. */
export const MAX_MESSAGE_ATTRIBUTES = 10;

const NAME_PATTERN = /^[A-Za-z0-9_.-]{1,256}$/;
const NUMBER_PATTERN = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The base type decides matching and validation; AWS allows a custom suffix ("Number.float"). */
export function baseDataType(dataType: string): 'String' | 'Number' | 'Binary' | 'String.Array' | undefined {
  if (dataType === 'String.Array') return 'String.Array';
  const base = dataType.split('.', 1)[0];
  return base === 'String' || base === 'Number' || base === 'Binary' ? base : undefined;
}

export function validateMessageAttributes(attributes: MessageAttributes): void {
  const names = Object.keys(attributes);
  if (names.length > MAX_MESSAGE_ATTRIBUTES) {
    throw SnsError.invalidParameter(
      `Invalid parameter: MessageAttributes Reason: Number of message attributes [${names.length}] exceeds the allowed maximum [${MAX_MESSAGE_ATTRIBUTES}].`,
    );
  }
  for (const name of names) {
    const value = attributes[name]!;
    if (!NAME_PATTERN.test(name) || name.startsWith('.') || name.endsWith('.') || name.includes('..')) {
      throw SnsError.parameterValueInvalid(`The message attribute name '${name}' is invalid.`);
    }
    if (/^(aws\.|amazon\.)/i.test(name)) {
      throw SnsError.parameterValueInvalid(`The message attribute name '${name}' uses a reserved prefix.`);
    }
    const type = baseDataType(value.DataType ?? '');
    if (!type) {
      throw SnsError.parameterValueInvalid(
        `The message attribute '${name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.`,
      );
    }
    if (type === 'Binary') {
      if (!value.BinaryValue) {
        throw SnsError.parameterValueInvalid(
          `The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${value.DataType}'.`,
        );
      }
      continue;
    }
    const text = value.StringValue;
    if (text === undefined || text === '') {
      throw SnsError.parameterValueInvalid(
        `The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${value.DataType}'.`,
      );
    }
    if (type === 'Number' && !NUMBER_PATTERN.test(text.trim())) {
      throw SnsError.parameterValueInvalid(`Could not cast message attribute '${name}' value to number.`);
    }
    if (type === 'String.Array' && !isJsonArray(text)) {
      throw SnsError.parameterValueInvalid(
        `The message attribute '${name}' with type 'String.Array' has an invalid value: value must be a JSON array.`,
      );
    }
  }
}

function isJsonArray(text: string): boolean {
  try {
    return Array.isArray(JSON.parse(text));
  } catch {
    return false;
  }
}

/** Bytes counted against MAX_PUBLISH_BYTES, the way SNS counts them. */
export function publishSize(message: string, attributes: MessageAttributes): number {
  let size = Buffer.byteLength(message, 'utf8');
  for (const [name, value] of Object.entries(attributes)) {
    size += Buffer.byteLength(name, 'utf8') + Buffer.byteLength(value.DataType, 'utf8');
    if (value.StringValue !== undefined) size += Buffer.byteLength(value.StringValue, 'utf8');
    if (value.BinaryValue !== undefined) size += Buffer.from(value.BinaryValue, 'base64').byteLength;
  }
  return size;
}
