// The single table, mirroring tableDefinition() from the adapters so AWS and the local
// runtime hold the same keys, stream and TTL.
import { Construct } from 'constructs';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { tableDefinition, TTL_ATTRIBUTE } from '../lambdas/adapters/table-layout.ts';
import { removalPolicy, type StageConfig } from './stage.ts';

const definition = tableDefinition('unused');

const keyAttribute = (keyType: 'HASH' | 'RANGE'): dynamodb.Attribute => {
  const name = definition.KeySchema.find((key) => key.KeyType === keyType)!.AttributeName;
  const type = definition.AttributeDefinitions.find((attribute) => attribute.AttributeName === name)!.AttributeType;
  return { name, type: type as dynamodb.AttributeType };
};

export class DataTable extends Construct {
  readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string, config: StageConfig) {
    super(scope, id);
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: keyAttribute('HASH'),
      sortKey: keyAttribute('RANGE'),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      stream: dynamodb.StreamViewType[definition.StreamSpecification.StreamViewType],
      timeToLiveAttribute: TTL_ATTRIBUTE,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: config.retainData,
      removalPolicy: removalPolicy(config),
    });
  }
}
