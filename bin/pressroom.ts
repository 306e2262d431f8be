// CDK app entry: `npx cdk deploy -c stage=prod`. cdk-nag runs as a validation plugin at
// every synth, so an unacknowledged finding fails the build here, not in a review.
import { App, Tags, Validations, type IPolicyValidationContext } from 'aws-cdk-lib';
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

// The CLI prints a validation report only when a plugin fails, so a clean synth would not
// show that cdk-nag ran at all: say it, with what it checked.
class ReportedAwsSolutionsChecks extends AwsSolutionsChecks {
  override validate(context: IPolicyValidationContext) {
    const report = super.validate(context);
    const templates = context.templatePaths.length;
    process.stderr.write(
      report.success
        ? `cdk-nag ${this.name}: passed, ${templates} template(s) checked, no unacknowledged findings\n`
        : `cdk-nag ${this.name}: FAILED, ${report.violations.length} unacknowledged finding(s) in ${templates} template(s), listed below\n`,
    );
    return report;
  }
}
Validations.of(app).addPlugins(new ReportedAwsSolutionsChecks(app, { verbose: true }));
