// Builds a site the way `npm run build` does, into any directory: gatebook build → gatebook
// publish → astro build → pagefind → schemas. Used by the HTML build tests and the browser tests.

import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'gatebook.js');

/** The example runbooks' approvals are current on this date; pinning it keeps the tests valid. */
export const TODAY = '2026-11-21';

export interface SiteBuild {
  /** Runbook files or directories, relative to the repository root. */
  paths: string[];
  /** Where the site goes (absolute). */
  outDir: string;
  /** Where the site data goes (absolute). */
  dataFile: string;
  /** Also build the policy bundle into outDir/bundle (default true). */
  bundle?: boolean;
}

function run(args: string[], env: NodeJS.ProcessEnv = {}): string {
  const r = spawnSync(process.execPath, args, {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ASTRO_TELEMETRY_DISABLED: '1', ...env },
    timeout: 300_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) {
    throw new Error(`\`node ${args.join(' ')}\` failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  }
  return r.stdout + r.stderr;
}

export function buildSite(b: SiteBuild): void {
  const bundleDir = join(b.outDir, 'bundle');
  if (b.bundle ?? true) run([BIN, 'build', ...b.paths, '--out', bundleDir, '--today', TODAY]);
  run([BIN, 'publish', ...b.paths, '--out', b.dataFile, '--bundle-dir', bundleDir, '--today', TODAY]);
  run([join(ROOT, 'scripts', 'astro.mjs'), 'build', '--outDir', b.outDir], { GATEBOOK_SITE_DATA: b.dataFile });
  run([join(ROOT, 'node_modules', 'pagefind', 'lib', 'runner', 'bin.cjs'), '--site', b.outDir]);
  run([join(ROOT, 'scripts', 'copy-schemas.mjs'), b.outDir]);
}
