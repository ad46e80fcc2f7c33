// Pins the public API: adding or removing an export is a decision, not an accident.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import * as api from '../compiler/index.js';
import { ROOT } from './helpers/cli.js';

it('exports exactly the public API', () => {
  expect(Object.keys(api).sort()).toEqual([
    'AI_ROLES', 'BLAST_RADII', 'CATALOG', 'DANGER_ZONE_CATEGORIES', 'FORMATS', 'GATES', 'RULES', 'VERSION',
    'checkProject', 'checkSources', 'compareDiagnostics', 'parseRunbook', 'render', 'summarize', 'todayUtc',
  ]);
});

it('VERSION matches package.json (it is part of the cache key)', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  expect(api.VERSION).toBe(pkg.version);
});

it('index.ts only re-exports', () => {
  const src = readFileSync(join(ROOT, 'compiler', 'index.ts'), 'utf8');
  const code = src.split('\n').filter((l) => l.trim() && !l.startsWith('//'));
  for (const line of code) expect(line).toMatch(/^export (type )?(\*|\{)/);
});

it('lets dependents import the schemas and ships the enforcer docs the README links', () => {
  // Self-reference resolves through package.json `exports`, as a dependent's import does.
  const require = createRequire(join(ROOT, 'index.js'));
  expect(require.resolve('gatebook/schemas/decision.schema.json')).toBe(join(ROOT, 'schemas', 'decision.schema.json'));
  expect(require.resolve('gatebook/enforcer')).toBe(join(ROOT, 'lib', 'compiler', 'enforcer', 'index.js'));
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { files: string[] };
  for (const doc of ['compiler/enforcer/README.md', 'compiler/enforcer/REASONS.md']) expect(pkg.files).toContain(doc);
});
