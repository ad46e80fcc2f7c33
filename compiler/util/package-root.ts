// The package's own root (where schemas/ lives), whether running from compiler/ (tests) or
// from the compiled lib/compiler/ (the CLI).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

export function packageRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'schemas', 'runbook.schema.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the Gatebook package root (schemas/runbook.schema.json)');
    dir = parent;
  }
  cached = dir;
  return dir;
}
