// The blob ids the check workers take must be git's own, or the bundle's revision would be
// wrong (none for a clean checkout, or a commit for changed files).

import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gitBlobIds } from '../compiler/util/git-blob.js';
import { tempDir } from './helpers/cli.js';

const dir = tempDir();
// A repository of each object format: hash-object hashes in its repository's format.
const repos = { sha1: join(dir, 'sha1'), sha256: join(dir, 'sha256') };
for (const [format, repo] of Object.entries(repos)) {
  const r = spawnSync('git', ['init', '-q', `--object-format=${format}`, repo], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
}
const gitHash = (bytes: Uint8Array, format: 'sha1' | 'sha256'): string => {
  const file = join(repos[format], 'blob');
  writeFileSync(file, bytes);
  const r = spawnSync('git', ['hash-object', '--no-filters', 'blob'], { encoding: 'utf8', cwd: repos[format] });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout.trim();
};

describe('gitBlobIds', () => {
  it('gives git hash-object ids, in both object formats, for any bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), fc.constantFrom('sha1' as const, 'sha256' as const), (bytes, format) => {
      expect(gitBlobIds(bytes, format)[0]).toBe(gitHash(bytes, format));
    }), { numRuns: 25 });
  });

  it('adds the id of the text with LF line ends when it has CRLF ones, as core.autocrlf commits it', () => {
    const crlf = Buffer.from('a\r\nb\r\nc\r\n');
    const ids = gitBlobIds(crlf);
    expect(ids).toEqual([gitHash(crlf, 'sha1'), gitHash(Buffer.from('a\nb\nc\n'), 'sha1')]);
    expect(gitBlobIds(Buffer.from('no carriage returns\n'))).toHaveLength(1);
    expect(gitBlobIds(Buffer.from('a lone \r only\n'))).toHaveLength(1);
    // `\r\r\n` is two line ends to the compiler, one in its LF form: not the same runbook.
    expect(gitBlobIds(Buffer.from('a\r\r\nb\r\n'))).toHaveLength(1);
  });
});

describe('checkProject({ gitBlobs: true })', () => {
  it('gives each runbook the ids of the bytes it checked (publish takes its revision from them)', async () => {
    const { checkProject } = await import('../compiler/check/check.js');
    const { readFileSync } = await import('node:fs');
    const { ROOT } = await import('./helpers/cli.js');
    const result = await checkProject({ paths: ['runbooks'], cwd: ROOT, today: '2026-11-21', jobs: 1, gitBlobs: true });
    expect(result.runbooks.length).toBeGreaterThan(0);
    for (const r of result.runbooks) expect(r.gitBlobs, r.file).toEqual(gitBlobIds(readFileSync(join(ROOT, r.file))));
    const without = await checkProject({ paths: ['runbooks'], cwd: ROOT, today: '2026-11-21', jobs: 1 });
    expect(without.runbooks.every((r) => r.gitBlobs === undefined)).toBe(true);
  });
});
