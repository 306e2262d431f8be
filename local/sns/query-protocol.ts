// The wire side of the SNS Query API as @aws-sdk/client-sns v3 (AwsQueryProtocol) speaks it:
// form-encoded requests with flattened keys, XML responses with <Action>Result and RequestId,
// and AWS's ErrorResponse shape for failures.
import { escapeMarkup } from '../../lambdas/core/escape-markup.ts';
import type { MessageAttributes } from './message-attributes.ts';
import type { SnsError } from './sns-error.ts';

export const SNS_XML_NAMESPACE = 'http://sns.amazonaws.com/doc/2010-03-31/';

export type QueryParams = Map<string, string>;

export function parseQueryParams(...sources: string[]): QueryParams {
  const params: QueryParams = new Map();
  for (const source of sources) {
    for (const [key, value] of new URLSearchParams(source)) params.set(key, value);
  }
  return params;
}

/** `Attributes.entry.N.key` / `Attributes.entry.N.value`, as the SDK serialises a string map. */
export function readStringMap(params: QueryParams, prefix: string): Record<string, string> | undefined {
  const result: Record<string, string> = {};
  let found = false;
  for (let n = 1; params.has(`${prefix}.entry.${n}.key`); n++) {
    found = true;
    result[params.get(`${prefix}.entry.${n}.key`)!] = params.get(`${prefix}.entry.${n}.value`) ?? '';
  }
  return found ? result : undefined;
}

/** `MessageAttributes.entry.N.Name` with `.Value.DataType`, `.Value.StringValue`, `.Value.BinaryValue`. */
export function readMessageAttributes(params: QueryParams, prefix: string): MessageAttributes {
  const attributes: MessageAttributes = {};
  for (let n = 1; params.has(`${prefix}.entry.${n}.Name`); n++) {
    const base = `${prefix}.entry.${n}`;
    const value: MessageAttributes[string] = { DataType: params.get(`${base}.Value.DataType`) ?? '' };
    const stringValue = params.get(`${base}.Value.StringValue`);
    const binaryValue = params.get(`${base}.Value.BinaryValue`);
    if (stringValue !== undefined) value.StringValue = stringValue;
    if (binaryValue !== undefined) value.BinaryValue = binaryValue;
    attributes[params.get(`${base}.Name`)!] = value;
  }
  return attributes;
}

/** Indexes N of `prefix.member.N.*` present in the request, in order. */
export function memberIndexes(params: QueryParams, prefix: string): number[] {
  const indexes = new Set<number>();
  const pattern = new RegExp(`^${prefix.replace(/\./g, '\\.')}\\.member\\.(\\d+)\\.`);
  for (const key of params.keys()) {
    const match = pattern.exec(key);
    if (match) indexes.add(Number(match[1]));
  }
  return [...indexes].sort((a, b) => a - b);
}

/** A sub-view of `prefix.member.N.*` with the prefix removed, so entries parse like a request. */
export function memberParams(params: QueryParams, prefix: string, index: number): QueryParams {
  const head = `${prefix}.member.${index}.`;
  const view: QueryParams = new Map();
  for (const [key, value] of params) if (key.startsWith(head)) view.set(key.slice(head.length), value);
  return view;
}

// ---------------------------------------------------------------------------------------
// XML


/** A tiny XML tree: strings are text, arrays repeat the element, objects nest. */
export type XmlValue = string | undefined | XmlValue[] | { [name: string]: XmlValue };

export function toXml(name: string, value: XmlValue): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return `<${name}>${escapeMarkup(value)}</${name}>`;
  if (Array.isArray(value)) return `<${name}>${value.map((item) => toXml('member', item)).join('')}</${name}>`;
  return `<${name}>${Object.entries(value)
    .map(([child, v]) => toXml(child, v))
    .join('')}</${name}>`;
}

/** `<entry><key>…</key><value>…</value></entry>` list, AWS's shape for attribute maps. */
export function mapEntriesXml(name: string, map: Record<string, string>): string {
  const entries = Object.entries(map)
    .map(([key, value]) => `<entry><key>${escapeMarkup(key)}</key><value>${escapeMarkup(value)}</value></entry>`)
    .join('');
  return `<${name}>${entries}</${name}>`;
}

export function successXml(action: string, requestId: string, resultInnerXml?: string): string {
  const result = resultInnerXml === undefined ? '' : `<${action}Result>${resultInnerXml}</${action}Result>`;
  return (
    `<?xml version="1.0"?>\n<${action}Response xmlns="${SNS_XML_NAMESPACE}">${result}` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>\n`
  );
}

export function errorXml(error: SnsError, requestId: string): string {
  return (
    `<?xml version="1.0"?>\n<ErrorResponse xmlns="${SNS_XML_NAMESPACE}"><Error><Type>${error.type}</Type>` +
    `<Code>${escapeMarkup(error.code)}</Code><Message>${escapeMarkup(error.message)}</Message></Error>` +
    `<RequestId>${requestId}</RequestId></ErrorResponse>\n`
  );
}

/** The region of the SigV4 credential scope (`Credential=AKID/date/REGION/sns/aws4_request`). */
export function regionFromRequest(authorization: string | undefined, params: QueryParams): string | undefined {
  const credential = /Credential=([^,\s]+)/.exec(authorization ?? '')?.[1] ?? params.get('X-Amz-Credential');
  const parts = credential?.split('/');
  return parts && parts.length >= 5 ? parts[parts.length - 3] : undefined;
}
