// A reader that goes away (`gatebook … | head`) must not turn into a stack trace or another exit
// code: the command's own exit code stands.

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT } from './helpers/cli.js';

/** Runs the CLI with its standard output closed by the reader before anything is written. */
function withClosedReader(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    child.stdout.destroy(); // the reader is gone: every write the CLI makes now fails with EPIPE
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('a closed standard output', () => {
  it('keeps the exit code of a command that succeeded', async () => {
    // The bundle given as the request too: it is denied, which is still a decision (exit 0).
    const r = await withClosedReader(['decide', '--bundle', join('test', 'conformance', 'bundles', 'scaling.json'), '--request', join('test', 'conformance', 'bundles', 'scaling.json')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('keeps the exit code of a command with findings, without a stack trace', async () => {
    const r = await withClosedReader(['check', '--today', '2099-01-01', '--format', 'json', 'runbooks']);
    expect(r.stderr).not.toMatch(/node:events|Unhandled 'error' event|EPIPE/);
    expect(r.code).toBe(1);
  });
});
