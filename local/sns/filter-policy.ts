// SNS subscription filter policies: parsing with AWS's constraints, and evaluation with the
// semantics of AWS's "Amazon SNS message filtering" documentation. Pure: no I/O, no clock.
import { BlockList, isIP } from 'node:net';
import { baseDataType, type MessageAttributes } from './message-attributes.ts';

export type FilterPolicyScope = 'MessageAttributes' | 'MessageBody';

/** The reason part of AWS's message, e.g. "FilterPolicy: Filter policy can not have more than 5 keys". */
export class FilterPolicyError extends Error {
  constructor(reason: string) {
    super(`FilterPolicy: ${reason}`);
    this.name = 'FilterPolicyError';
  }
}

type Scalar = string | number | boolean | null;

type Condition =
  | { kind: 'equals'; value: Scalar }
  | { kind: 'prefix' | 'suffix' | 'equals-ignore-case'; value: string }
  | { kind: 'anything-but'; values: Scalar[] }
  | { kind: 'anything-but-prefix' | 'anything-but-suffix'; value: string }
  | { kind: 'numeric'; bounds: Array<[NumericOperator, number]> }
  | { kind: 'exists'; value: boolean }
  | { kind: 'cidr'; range: BlockList };

type NumericOperator = '=' | '<' | '<=' | '>' | '>=';

/** One alternative of the policy: every key must match (AND); `$or` yields several branches. */
type Branch = Map<string, Condition[]>;

export interface FilterPolicy {
  readonly scope: FilterPolicyScope;
  readonly branches: readonly Branch[];
}

export const MAX_FILTER_POLICY_KEYS = 5;
export const MAX_FILTER_POLICY_COMBINATIONS = 150;
export const MAX_FILTER_POLICY_BYTES = 256 * 1024;

const OPERATORS = new Set(['prefix', 'suffix', 'anything-but', 'numeric', 'exists', 'equals-ignore-case', 'cidr', 'wildcard']);
const NUMERIC_OPERATORS = new Set<string>(['=', '<', '<=', '>', '>=']);
// AWS documents numbers as accurate to five decimal places; comparing scaled integers keeps
// 0.1 + 0.2 style noise from deciding a match.
const NUMERIC_SCALE = 1e5;

/** Parses and validates a FilterPolicy attribute value; throws FilterPolicyError as AWS would refuse it. */
export function parseFilterPolicy(text: string, scope: FilterPolicyScope = 'MessageAttributes'): FilterPolicy {
  if (Buffer.byteLength(text, 'utf8') > MAX_FILTER_POLICY_BYTES) {
    throw new FilterPolicyError('Filter policy is too large');
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new FilterPolicyError(`failed to parse JSON. ${(error as Error).message}`);
  }
  if (!isPlainObject(document)) {
    throw new FilterPolicyError('Filter policy must be a JSON object');
  }
  const branches = collectBranches(document, '', [new Map()], scope);
  let combinations = 0;
  for (const branch of branches) {
    if (branch.size > MAX_FILTER_POLICY_KEYS) {
      throw new FilterPolicyError(`Filter policy can not have more than ${MAX_FILTER_POLICY_KEYS} keys`);
    }
    let product = 1;
    for (const conditions of branch.values()) product *= conditions.length;
    combinations += branch.size === 0 ? 0 : product;
  }
  if (combinations > MAX_FILTER_POLICY_COMBINATIONS) {
    throw new FilterPolicyError('Filter policy is too complex');
  }
  // {} filters nothing: no branch to satisfy means every message passes.
  return { scope, branches: branches.every((branch) => branch.size === 0) ? [] : branches };
}

function collectBranches(
  node: Record<string, unknown>,
  prefix: string,
  branches: Branch[],
  scope: FilterPolicyScope,
): Branch[] {
  let current = branches;
  for (const [key, value] of Object.entries(node)) {
    if (key === '$or' && isOrList(value)) {
      current = value.flatMap((alternative) =>
        collectBranches(alternative, prefix, current.map((branch) => new Map(branch)), scope),
      );
      continue;
    }
    const path = prefix ? `${prefix}.${key}` : key;
    if (Array.isArray(value)) {
      if (value.length === 0) throw new FilterPolicyError('Empty arrays are not allowed');
      const conditions = value.map(parseCondition);
      current = current.map((branch) => new Map(branch).set(path, [...(branch.get(path) ?? []), ...conditions]));
    } else if (isPlainObject(value)) {
      if (scope === 'MessageAttributes') {
        throw new FilterPolicyError('Filter policy scope MessageAttributes does not support nested filter policy');
      }
      current = collectBranches(value, path, current, scope);
    } else {
      throw new FilterPolicyError(`"${key}" must be an object or an array`);
    }
  }
  return current;
}

// AWS reads "$or" as an operator only for an array of at least two objects none of whose
// keys is a reserved word; anything else is an ordinary attribute called "$or".
function isOrList(value: unknown): value is Array<Record<string, unknown>> {
  return (
    Array.isArray(value) &&
    value.length >= 2 &&
    value.every((item) => isPlainObject(item) && Object.keys(item).length > 0 && !Object.keys(item).some((k) => OPERATORS.has(k)))
  );
}

function parseCondition(rule: unknown): Condition {
  if (rule === null || typeof rule === 'string' || typeof rule === 'boolean') return { kind: 'equals', value: rule };
  if (typeof rule === 'number') return { kind: 'equals', value: rule };
  if (!isPlainObject(rule)) throw new FilterPolicyError('Match value must be String, number, true, false, or null');
  const entries = Object.entries(rule);
  if (entries.length !== 1) throw new FilterPolicyError('Only one key allowed in match expression');
  const [operator, operand] = entries[0]!;
  switch (operator) {
    case 'prefix':
    case 'suffix':
    case 'equals-ignore-case':
      if (typeof operand !== 'string') throw new FilterPolicyError(`${operator} match pattern must be a string`);
      return { kind: operator, value: operand };
    case 'exists':
      if (typeof operand !== 'boolean') throw new FilterPolicyError('exists match pattern must be either true or false.');
      return { kind: 'exists', value: operand };
    case 'anything-but':
      return parseAnythingBut(operand);
    case 'numeric':
      return { kind: 'numeric', bounds: parseNumeric(operand) };
    case 'cidr':
      return { kind: 'cidr', range: parseCidr(operand) };
    default:
      throw new FilterPolicyError(`Unrecognized match type ${operator}`);
  }
}

function parseAnythingBut(operand: unknown): Condition {
  if (typeof operand === 'string' || typeof operand === 'number') return { kind: 'anything-but', values: [operand] };
  if (Array.isArray(operand)) {
    if (operand.length === 0) throw new FilterPolicyError('Empty arrays are not allowed');
    if (!operand.every((v) => typeof v === 'string' || typeof v === 'number')) {
      throw new FilterPolicyError('Inside anything but list, start|null|boolean is not supported.');
    }
    return { kind: 'anything-but', values: operand as Scalar[] };
  }
  if (isPlainObject(operand)) {
    const entries = Object.entries(operand);
    if (entries.length !== 1) throw new FilterPolicyError('Only one key allowed in match expression');
    const [inner, value] = entries[0]!;
    if (inner !== 'prefix' && inner !== 'suffix') throw new FilterPolicyError(`Unsupported anything-but pattern: ${inner}`);
    if (typeof value !== 'string') throw new FilterPolicyError(`${inner} match pattern must be a string`);
    return { kind: inner === 'prefix' ? 'anything-but-prefix' : 'anything-but-suffix', value };
  }
  throw new FilterPolicyError('Value of anything-but must be an array or single string/number value.');
}

function parseNumeric(operand: unknown): Array<[NumericOperator, number]> {
  if (!Array.isArray(operand) || operand.length === 0) throw new FilterPolicyError('Value of numeric must be an array.');
  const [op1, value1, op2, value2, ...rest] = operand as unknown[];
  const first = numericTerm(op1, value1, 'Unrecognized numeric range operator');
  if (op2 === undefined) return [first];
  if (first[0] !== '>' && first[0] !== '>=') throw new FilterPolicyError('Too many elements in numeric expression');
  if (op2 !== '<' && op2 !== '<=') throw new FilterPolicyError(`Bad numeric range operator: ${String(op2)}`);
  const second = numericTerm(op2, value2, 'Bad numeric range operator');
  if (rest.length > 0) throw new FilterPolicyError('Too many terms in numeric range expression');
  if (second[1] <= first[1]) throw new FilterPolicyError('Bottom must be less than top');
  return [first, second];
}

function numericTerm(operator: unknown, value: unknown, badOperator: string): [NumericOperator, number] {
  if (typeof operator !== 'string') throw new FilterPolicyError(`Invalid member in numeric match: ${String(operator)}`);
  if (!NUMERIC_OPERATORS.has(operator)) throw new FilterPolicyError(`${badOperator}: ${operator}`);
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new FilterPolicyError(`Value of ${operator === '=' ? 'equals' : operator} must be numeric`);
  }
  return [operator as NumericOperator, value];
}

function parseCidr(operand: unknown): BlockList {
  if (typeof operand !== 'string') throw new FilterPolicyError('prefix match pattern must be a string');
  const [address, bits, ...extra] = operand.split('/');
  if (bits === undefined || extra.length > 0) throw new FilterPolicyError("Malformed CIDR, one '/' required");
  const family = isIP(address ?? '');
  const prefix = Number(bits);
  if (!Number.isInteger(prefix)) throw new FilterPolicyError('Malformed CIDR, mask bits must be an integer');
  if (family === 0 || prefix < 0 || prefix > (family === 4 ? 32 : 128)) {
    throw new FilterPolicyError(`Nonstandard IP address: ${address}`);
  }
  const range = new BlockList();
  range.addSubnet(address!, prefix, family === 4 ? 'ipv4' : 'ipv6');
  return range;
}

// ---------------------------------------------------------------------------------------
// Evaluation

/** What a message offers to a policy key: whether it is present, and its comparable values. */
interface Field {
  present: boolean;
  values: Scalar[];
}

/** Whether a message with these attributes (and this body) passes the policy. */
export function matchesFilterPolicy(
  policy: FilterPolicy,
  message: { attributes: MessageAttributes; body?: string },
): boolean {
  if (policy.branches.length === 0) return true;
  if (policy.scope === 'MessageBody') return matchesBody(policy, message.body ?? '');
  // AWS: a policy never matches a message without attributes, not even {"x": [{"exists": false}]}.
  if (Object.keys(message.attributes).length === 0) return false;
  return policy.branches.some((branch) =>
    [...branch].every(([key, conditions]) => matchesField(conditions, attributeField(message.attributes, key))),
  );
}

function attributeField(attributes: MessageAttributes, key: string): Field {
  const attribute = Object.hasOwn(attributes, key) ? attributes[key] : undefined;
  if (!attribute) return { present: false, values: [] };
  const text = attribute.StringValue ?? '';
  switch (baseDataType(attribute.DataType)) {
    case 'String':
      return { present: true, values: [text] };
    case 'Number':
      return { present: true, values: [Number(text)] };
    case 'String.Array': {
      // Each element is matched on its own: a list matches when any element does.
      try {
        const parsed: unknown = JSON.parse(text);
        return { present: true, values: Array.isArray(parsed) ? parsed.filter(isScalar) : [] };
      } catch {
        return { present: true, values: [] };
      }
    }
    default:
      // Binary attributes exist but are never compared.
      return { present: true, values: [] };
  }
}

function matchesBody(policy: FilterPolicy, body: string): boolean {
  let payload: unknown;
  try {
    payload = JSON.parse(body);
  } catch {
    return false;
  }
  if (!isPlainObject(payload)) return false;
  const fields = new Map<string, Scalar[]>();
  flattenPayload(payload, '', fields);
  return policy.branches.some((branch) =>
    [...branch].every(([key, conditions]) => {
      const values = fields.get(key) ?? [];
      return matchesField(conditions, { present: values.some((v) => v !== null), values });
    }),
  );
}

// Arrays of objects are flattened into one value list per path, so two properties of
// different array elements can satisfy one branch; AWS keeps elements apart. Policies in
// this project filter on attributes, so the simpler model is enough here.
function flattenPayload(node: unknown, path: string, into: Map<string, Scalar[]>): void {
  if (Array.isArray(node)) {
    for (const item of node) flattenPayload(item, path, into);
  } else if (isPlainObject(node)) {
    for (const [key, value] of Object.entries(node)) flattenPayload(value, path ? `${path}.${key}` : key, into);
  } else if (isScalar(node) && path) {
    into.set(path, [...(into.get(path) ?? []), node]);
  }
}

function matchesField(conditions: readonly Condition[], field: Field): boolean {
  return conditions.some((condition) => {
    if (condition.kind === 'exists') return condition.value === field.present;
    return field.present && field.values.some((value) => matchesValue(condition, value));
  });
}

function matchesValue(condition: Exclude<Condition, { kind: 'exists' }>, value: Scalar): boolean {
  switch (condition.kind) {
    case 'equals':
      return sameScalar(condition.value, value);
    case 'prefix':
      return typeof value === 'string' && value.startsWith(condition.value);
    case 'suffix':
      return typeof value === 'string' && value.endsWith(condition.value);
    case 'equals-ignore-case':
      return typeof value === 'string' && caseFold(value) === caseFold(condition.value);
    case 'anything-but':
      return !condition.values.some((excluded) => sameScalar(excluded, value));
    case 'anything-but-prefix':
      return typeof value === 'string' && !value.startsWith(condition.value);
    case 'anything-but-suffix':
      return typeof value === 'string' && !value.endsWith(condition.value);
    case 'numeric':
      return typeof value === 'number' && Number.isFinite(value) && condition.bounds.every(([op, bound]) => compare(value, op, bound));
    case 'cidr': {
      if (typeof value !== 'string') return false;
      const family = isIP(value);
      return family !== 0 && condition.range.check(value, family === 4 ? 'ipv4' : 'ipv6');
    }
  }
}

function sameScalar(expected: Scalar, actual: Scalar): boolean {
  if (typeof expected === 'number' && typeof actual === 'number') return scaled(expected) === scaled(actual);
  return expected === actual;
}

function compare(value: number, operator: NumericOperator, bound: number): boolean {
  const a = scaled(value);
  const b = scaled(bound);
  switch (operator) {
    case '=':
      return a === b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
  }
}

function scaled(n: number): number {
  return Math.round(n * NUMERIC_SCALE);
}

function caseFold(text: string): string {
  return text.toLowerCase();
}

function isScalar(value: unknown): value is Scalar {
  return value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
