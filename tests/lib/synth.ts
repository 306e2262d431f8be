// Synthesises the Pressroom stack for a test file. Bundling (esbuild, five or six
// functions) is the slow part, so files that only look at resources skip it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { PressroomStack } from '../../lib/pressroom-stack.ts';
import { stageConfig } from '../../lib/stage.ts';

export interface Synthesised {
  app: App;
  stack: PressroomStack;
  template: Template;
}

export function synthesise(context: Record<string, unknown> = {}, options: { bundle?: boolean } = {}): Synthesised {
  const app = new App({
    outdir: mkdtempSync(join(tmpdir(), 'pressroom-cdk-')),
    context: {
      ...context,
      // An empty list means "bundle no stack": assets get a placeholder, resources are unchanged.
      ...(options.bundle === false ? { 'aws:cdk:bundling-stacks': [] } : {}),
    },
  });
  const config = stageConfig((key) => app.node.tryGetContext(key));
  const stack = new PressroomStack(app, `Pressroom-${config.stage}`, { config });
  return { app, stack, template: Template.fromStack(stack) };
}
