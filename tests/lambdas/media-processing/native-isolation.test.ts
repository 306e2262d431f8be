// sharp is a native module and pdf-lib a large one: only the process-media function may bring
// them in. Every other function's bundle stays free of them if no module outside
// lambdas/media-processing/ and lambdas/process-media/ imports them or a media-processing module.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const LAMBDAS = fileURLToPath(new URL('../../../lambdas/', import.meta.url));
const IMPORT = /\bfrom\s+['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g;

test('no module outside media-processing/ and process-media/ imports sharp, pdf-lib or a media-processing module', () => {
  const offenders: string[] = [];
  for (const entry of readdirSync(LAMBDAS, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const path = relative(LAMBDAS, join(entry.parentPath, entry.name));
    if (path.startsWith('media-processing/') || path.startsWith('process-media/')) continue;
    for (const match of readFileSync(join(LAMBDAS, path), 'utf8').matchAll(IMPORT)) {
      const specifier = match[1] ?? match[2]!;
      if (specifier === 'sharp' || specifier.startsWith('sharp/') || specifier === 'pdf-lib' || /(^|\/)media-processing\//.test(specifier)) offenders.push(`${path} → ${specifier}`);
    }
  }
  expect(offenders).toEqual([]);
});
