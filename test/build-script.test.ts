// `npm run build`: a build that fails its check leaves dist/ as it was (the bundle a server may
// be serving, and the site), so the clean step comes after `gatebook build` and spares the bundle.

import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from './helpers/cli.js';

describe('npm run build', () => {
  it('cleans only after `gatebook build` has succeeded', () => {
    const steps = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.build!.split(' && ');
    const build = steps.findIndex((s) => s.startsWith('node bin/gatebook.js build'));
    const clean = steps.indexOf('node scripts/clean.mjs');
    expect(build).toBeGreaterThanOrEqual(0);
    expect(clean).toBeGreaterThan(build);
  });

  it('clean removes the previous site and .gatebook/, and keeps the bundle', () => {
    const root = tempDir();
    mkdirSync(join(root, 'scripts'));
    copyFileSync(join(ROOT, 'scripts', 'clean.mjs'), join(root, 'scripts', 'clean.mjs'));
    mkdirSync(join(root, 'dist', 'bundle'), { recursive: true });
    mkdirSync(join(root, 'dist', 'runbooks', 'old'), { recursive: true });
    mkdirSync(join(root, '.gatebook'));
    writeFileSync(join(root, 'dist', 'bundle', 'bundle.json'), '{}');
    writeFileSync(join(root, 'dist', 'index.html'), '<p>old</p>');
    writeFileSync(join(root, '.gatebook', 'site-data.json'), '{}');
    expect(spawnSync(process.execPath, [join(root, 'scripts', 'clean.mjs')]).status).toBe(0);
    expect(readdirSync(join(root, 'dist'))).toEqual(['bundle']);
    expect(readFileSync(join(root, 'dist', 'bundle', 'bundle.json'), 'utf8')).toBe('{}');
    expect(existsSync(join(root, '.gatebook'))).toBe(false);
    // And with no dist/ at all (a fresh clone).
    const fresh = tempDir();
    mkdirSync(join(fresh, 'scripts'));
    copyFileSync(join(ROOT, 'scripts', 'clean.mjs'), join(fresh, 'scripts', 'clean.mjs'));
    expect(spawnSync(process.execPath, [join(fresh, 'scripts', 'clean.mjs')]).status).toBe(0);
  });
});
