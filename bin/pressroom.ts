// CDK app entry: `npx cdk deploy -c stage=prod`. cdk-nag runs as a validation plugin at
// every synth, so an unacknowledged finding fails the build here, not in a review.
import { App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { PressroomStack } from '../lib/pressroom-stack.ts';
import { readSiteConfigFile } from '../lib/site-config-file.ts';
import { stageConfig } from '../lib/stage.ts';

const app = new App();
const config = stageConfig((key) => app.node.tryGetContext(key));
// pressroom.config.json, or the file PRESSROOM_CONFIG names: an invalid one stops synthesis here.
const site = readSiteConfigFile();

new PressroomStack(app, `Pressroom-${config.stage}`, {
  config,
  site,
  description: `Pressroom: press releases API, partner webhooks and feeds (${config.stage})`,
  // Unset offline: the stack is then environment-agnostic, which is all synth needs.
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
Tags.of(app).add('project', 'pressroom');
Tags.of(app).add('stage', config.stage);
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
