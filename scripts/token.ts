// Bearer tokens for the deployed API (or a local table): create one (a random secret printed
// once and stored only as its SHA-256 hash, exactly as the local runtime does), list them, or
// revoke one.
//   npm run token -- create --scope press|admin [--label "press office laptop"]
//   npm run token -- list
//   npm run token -- revoke <label or hash prefix>
import { parseArgs } from 'node:util';
import { adapterContext } from '../lambdas/adapters/adapter-context.ts';
import { newBearerToken } from '../lambdas/core/bearer-token.ts';
import { isOperatorScope, type OperatorScope as Scope } from '../lambdas/core/scopes.ts';
import { deleteToken, listTokens, putToken, type TokenRecord } from '../lambdas/adapters/token-repository.ts';

const USAGE = `Manage Pressroom bearer tokens (a new token is printed once; only its hash is stored).

Usage:
  npm run token -- create --scope press|admin [--label <text>]
  npm run token -- list
  npm run token -- revoke <label or hash prefix>
  npm run token -- --help

  --scope   press: may write releases. admin: may also manage officials and subscriptions.
  --label   a note stored with the hash, to tell tokens apart later (default: the scope and date).
  list      one line per token: hash prefix, scope, origin, created, last used (recorded at most
            once a minute), label.
  revoke    deletes the one token whose label is exactly <label> or whose hash starts with the
            given prefix; refuses when several match.

Environment:
  TABLE_NAME          required: the table, e.g. the stack output TableName
  AWS_REGION, AWS_PROFILE, ...
                      the usual AWS SDK settings, for the account the stack is deployed in
  DYNAMODB_ENDPOINT   only for a local table (DynamoDB Local)

The token goes to standard output alone, so it can be captured:
  TOKEN=$(npm run --silent token -- create --scope press)
`;

class UsageError extends Error {}
/** The command could not do what was asked (nothing matched, or too much did): exit 1. */
class Refused extends Error {}

type Command =
  | { kind: 'help' }
  | { kind: 'create'; scope: Scope; label: string }
  | { kind: 'list' }
  | { kind: 'revoke'; which: string };

function parse(argv: string[]): Command {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      scope: { type: 'string' },
      label: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return { kind: 'help' };
  const [command, ...rest] = positionals;
  if (command === 'list') {
    if (rest.length > 0 || values.scope !== undefined || values.label !== undefined) throw new UsageError('list takes no arguments');
    return { kind: 'list' };
  }
  if (command === 'revoke') {
    const which = rest.join(' ').trim();
    if (!which || values.scope !== undefined || values.label !== undefined) throw new UsageError('revoke needs a label or a hash prefix');
    return { kind: 'revoke', which };
  }
  if (command !== 'create' || rest.length > 0) throw new UsageError('expected the command "create", "list" or "revoke"');
  const scope = values.scope;
  if (!isOperatorScope(scope)) throw new UsageError('--scope must be press or admin (a partner token is made with its subscription)');
  const label = values.label?.trim() || `${scope} token created ${new Date().toISOString().slice(0, 10)}`;
  return { kind: 'create', scope, label };
}

/** Short enough to type, long enough that two tokens practically never share it. */
const shortHash = (record: TokenRecord) => record.tokenHash.slice(0, 12);

function describe(record: TokenRecord): string {
  return [
    shortHash(record),
    record.scope,
    record.origin ?? '-',
    `created ${record.createdAt ?? 'unknown'}`,
    `last used ${record.lastUsedAt ?? 'never'}`,
    record.label,
  ].join('\t');
}

/** The one token meant: its exact label, or a hash prefix (hex, case-insensitive). */
function pick(records: TokenRecord[], which: string): TokenRecord {
  const prefix = which.toLowerCase();
  const byLabel = records.filter((r) => r.label === which);
  const matches = byLabel.length > 0 ? byLabel : /^[0-9a-f]+$/.test(prefix) ? records.filter((r) => r.tokenHash.startsWith(prefix)) : [];
  if (matches.length === 0) throw new Refused(`no token has the label or hash prefix "${which}"`);
  if (matches.length > 1) {
    throw new Refused(`"${which}" matches ${matches.length} tokens; give a longer hash prefix:\n${matches.map(describe).join('\n')}`);
  }
  return matches[0]!;
}

async function run(command: Exclude<Command, { kind: 'help' }>): Promise<void> {
  switch (command.kind) {
    case 'create': {
      const token = newBearerToken(command.scope);
      await putToken(token, command.scope, command.label, 'cli');
      process.stderr.write(`Created a ${command.scope} token ("${command.label}"). It is shown only now; only its hash is stored:\n`);
      process.stdout.write(`${token}\n`);
      return;
    }
    case 'list': {
      const records = (await listTokens()).sort((a, b) => (a.createdAt ?? '').localeCompare(b.createdAt ?? ''));
      for (const record of records) process.stdout.write(`${describe(record)}\n`);
      return;
    }
    case 'revoke': {
      const record = pick(await listTokens(), command.which);
      await deleteToken(record.tokenHash);
      process.stderr.write(`Revoked the ${record.scope} token ${shortHash(record)} ("${record.label}").\n`);
      return;
    }
  }
}

async function main(argv: string[]): Promise<number> {
  let command: Command;
  try {
    command = parse(argv);
  } catch (error) {
    process.stderr.write(`token: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (command.kind === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  const table = adapterContext().settings.tableName;
  if (!table) {
    process.stderr.write('token: TABLE_NAME is not set (use the stack output TableName)\n');
    return 2;
  }
  try {
    await run(command);
    return 0;
  } catch (error) {
    if (error instanceof Refused) {
      process.stderr.write(`token: ${error.message}\n`);
      return 1;
    }
    const doing = command.kind === 'create' ? 'store the token in' : command.kind === 'list' ? 'list the tokens of' : 'revoke the token in';
    process.stderr.write(`token: could not ${doing} ${table}: ${(error as Error).message}\n`);
    return 1;
  } finally {
    adapterContext().destroy();
  }
}

process.exitCode = await main(process.argv.slice(2));
