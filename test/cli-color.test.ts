// Colour follows the stream the text goes to: `gatebook build 2>err` on a terminal must not
// write escape codes into `err`. Runs the CLI in-process with fake streams, so each stream's
// isTTY can be set on its own.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Io } from '../compiler/cli/command.js';
import { run } from '../compiler/cli/main.js';
import { exampleText } from '../compiler/rules/examples/build.js';
import { tempDir } from './helpers/cli.js';

const ANSI = '\u001b[';

function stream(isTTY: boolean) {
  const s = { isTTY, text: '', write: (chunk: string | Uint8Array) => ((s.text += String(chunk)), true) };
  return s;
}

/** Runs gatebook on a project holding one runbook with a schema error. */
async function gatebook(command: 'check' | 'build' | 'publish', tty: { stdout: boolean; stderr: boolean }, env: NodeJS.ProcessEnv = {}) {
  const dir = tempDir();
  writeFileSync(join(dir, 'broken.md'), exampleText({}).replace('gate: autonomous', 'gate: auto'));
  const stdout = stream(tty.stdout);
  const stderr = stream(tty.stderr);
  const io = { cwd: dir, env, stdout, stderr, stdin: process.stdin } as unknown as Io;
  const out = command === 'build' ? ['--out', join(dir, 'out')] : command === 'publish' ? ['--out', join(dir, 'site.json')] : [];
  const code = await run([command, '.', '--today', '2026-11-21', ...out], io);
  expect(code).toBe(1);
  return { stdout: stdout.text, stderr: stderr.text };
}

describe('colour follows the stream written to', { timeout: 60_000 }, () => {
  it.each(['build', 'publish'] as const)('%s: no colour in a redirected stderr, even with stdout on a terminal', async (command) => {
    const r = await gatebook(command, { stdout: true, stderr: false });
    expect(r.stderr).toContain('`actions[0].gate` must be one of');
    expect(r.stderr).not.toContain(ANSI);
  });

  it.each(['build', 'publish'] as const)('%s: colour in stderr on a terminal, with stdout redirected', async (command) => {
    const r = await gatebook(command, { stdout: false, stderr: true });
    expect(r.stderr).toContain(ANSI);
  });

  it('check: colour by stdout, where its diagnostics go', async () => {
    expect((await gatebook('check', { stdout: true, stderr: false })).stdout).toContain(ANSI);
    expect((await gatebook('check', { stdout: false, stderr: true })).stdout).not.toContain(ANSI);
  });

  it('NO_COLOR and FORCE_COLOR=0 turn it off on a terminal; FORCE_COLOR turns it on for a redirect', async () => {
    expect((await gatebook('build', { stdout: true, stderr: true }, { NO_COLOR: '1' })).stderr).not.toContain(ANSI);
    expect((await gatebook('build', { stdout: false, stderr: false }, { FORCE_COLOR: '1' })).stderr).toContain(ANSI);
    expect((await gatebook('build', { stdout: true, stderr: true }, { FORCE_COLOR: '0' })).stderr).not.toContain(ANSI);
  });
});
