// Shared by the CLI tests: run the compiled CLI, make a throwaway project from the fixtures.

import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES, ROOT } from './compile-fixtures.js';

const BIN = join(ROOT, 'bin', 'gatebook.js');

/** The fixtures' approvals are current on this date; pinning it keeps the tests valid next year. */
export const TODAY = ['--today', '2026-11-21'];

export function requireCompiledCli(): void {
  if (!existsSync(join(ROOT, 'lib', 'compiler', 'cli', 'commands', 'build.js'))) {
    throw new Error('lib/ is not built: run `npm run compile` (npm test does it for you)');
  }
}

export function gatebook(cwd: string, args: string[], env: Record<string, string> = {}) {
  const base: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete base.SOURCE_DATE_EPOCH;
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, env: { ...base, ...env }, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function makeProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gatebook-build-'));
  cpSync(FIXTURES, join(dir, 'runbooks'), { recursive: true });
  return dir;
}
