// Before the browser tests: the main site in dist/ (built with `npm run build` when missing)
// and a throwaway site built from the XSS fixture runbook.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { CHROMIUM } from './browser.js';
import { buildSite, ROOT } from './site.js';

declare module 'vitest' {
  export interface ProvidedContext {
    xssSite: string;
  }
}

export default function setup(project: TestProject): () => void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`);
  }
  const built = ['index.html', 'pagefind/pagefind.js', 'bundle/bundle.json'].every((f) => existsSync(join(ROOT, 'dist', f)));
  if (!built || !existsSync(join(ROOT, '.gatebook', 'site-data.json'))) {
    const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' } });
    if (r.status !== 0) throw new Error('npm run build failed; the browser tests need the built site');
  }
  const work = mkdtempSync(join(tmpdir(), 'gatebook-xss-'));
  buildSite({ paths: ['test/fixtures/site/xss'], outDir: join(work, 'site'), dataFile: join(work, 'site-data.json') });
  project.provide('xssSite', join(work, 'site'));
  return () => rmSync(work, { recursive: true, force: true });
}
