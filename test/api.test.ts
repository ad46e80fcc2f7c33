// Pins the public API: adding or removing an export is a decision, not an accident.
import { readFileSync } from 'node:fs';
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
