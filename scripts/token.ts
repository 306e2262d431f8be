// Creates a bearer token for the deployed API (or a local table): a random secret that is
// printed once and stored only as its SHA-256 hash, exactly as the local runtime does.
//   npm run token -- create --scope press|admin [--label "press office laptop"]
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { documentClient } from '../lambdas/adapters/dynamodb-client.ts';
import { putToken, type Scope } from '../lambdas/adapters/token-repository.ts';

const USAGE = `Create a Pressroom bearer token (printed once; only its hash is stored).

Usage:
  npm run token -- create --scope press|admin [--label <text>]
  npm run token -- --help

  --scope   press: may write releases. admin: may also manage officials and subscriptions.
  --label   a note stored with the hash, to tell tokens apart later (default: the scope and date).

Environment:
  TABLE_NAME          required: the table, e.g. the stack output TableName
  AWS_REGION, AWS_PROFILE, ...
                      the usual AWS SDK settings, for the account the stack is deployed in
  DYNAMODB_ENDPOINT   only for a local table (DynamoDB Local)

The token goes to standard output alone, so it can be captured:
  TOKEN=$(npm run --silent token -- create --scope press)
`;

const SCOPES: readonly Scope[] = ['press', 'admin'];

class UsageError extends Error {}

function newToken(scope: Scope): string {
  return `prs_${scope}_${randomBytes(24).toString('base64url')}`;
}

function parse(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      scope: { type: 'string' },
      label: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return { help: true as const };
  const [command, ...rest] = positionals;
  if (command !== 'create' || rest.length > 0) throw new UsageError('expected the command "create"');
  const scope = values.scope as Scope | undefined;
  if (!scope || !SCOPES.includes(scope)) throw new UsageError('--scope must be press or admin');
  const label = values.label?.trim() || `${scope} token created ${new Date().toISOString().slice(0, 10)}`;
  return { help: false as const, scope, label };
}

async function main(argv: string[]): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse(argv);
  } catch (error) {
    process.stderr.write(`token: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (!process.env.TABLE_NAME) {
    process.stderr.write('token: TABLE_NAME is not set (use the stack output TableName)\n');
    return 2;
  }
  const token = newToken(args.scope);
  try {
    await putToken(token, args.scope, args.label);
  } catch (error) {
    process.stderr.write(`token: could not store the token in ${process.env.TABLE_NAME}: ${(error as Error).message}\n`);
    return 1;
  } finally {
    documentClient().destroy();
  }
  process.stderr.write(`Created a ${args.scope} token ("${args.label}"). It is shown only now; only its hash is stored:\n`);
  process.stdout.write(`${token}\n`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
