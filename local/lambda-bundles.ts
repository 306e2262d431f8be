// Where `cdk synth` put each function's bundle (cdk.out/asset.<hash>/index.mjs), read from the
// synthesised template: the local runtime can run exactly the code Lambda would, instead of
// the TypeScript, to show the bundles behave as the sources do.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { functionConstructId, pressroomFunctionNames } from '../lib/functions.ts';

interface TemplateResource {
  Type: string;
  Metadata?: Record<string, string>;
  Properties?: { Handler?: string };
}

/** The function each construct id stands for: `PublishDueFunction` → `publish-due`. */
const byConstructId = new Map<string, string>(pressroomFunctionNames.map((name) => [functionConstructId(name), name]));

/** Function name (`releases`, `publish-due`, …) → absolute path of its bundle's entry module. */
export function lambdaBundles(cdkOut: string): Map<string, string> {
  const dir = resolve(cdkOut);
  const templates = readdirSync(dir).filter((file) => file.endsWith('.template.json'));
  if (templates.length !== 1) throw new Error(`${dir}: expected one synthesised stack template, found ${templates.length}`);
  const { Resources } = JSON.parse(readFileSync(join(dir, templates[0]!), 'utf8')) as { Resources: Record<string, TemplateResource> };
  const bundles = new Map<string, string>();
  for (const resource of Object.values(Resources)) {
    const path = resource.Metadata?.['aws:cdk:path'];
    const asset = resource.Metadata?.['aws:asset:path'];
    const name = path === undefined ? undefined : byConstructId.get(/\/(\w+)\/Function\/Resource$/.exec(path)?.[1] ?? '');
    if (resource.Type !== 'AWS::Lambda::Function' || !name || !asset) continue;
    const [file] = (resource.Properties?.Handler ?? 'index.handler').split('.');
    bundles.set(name, join(dir, asset, `${file}.mjs`));
  }
  return bundles;
}
