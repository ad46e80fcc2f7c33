// The bundle's `revision`: the git commit the runbooks came from — but only when the runbooks
// are exactly that commit. With uncommitted or untracked changes under the runbook paths the
// commit would claim content it does not hold, so the revision is null. Why this keeps builds
// reproducible: the revision is part of the bundle (and its digest), so it must be a function of
// the input. A clean checkout of commit C always yields revision C; a dirty tree yields null and
// the bundle then depends on the runbook files alone. Changes outside the runbook paths (code,
// docs) do not make the revision null, because they do not change the policy.

import { execFile } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join, parse, sep } from 'node:path';

/**
 * The root of the git work tree holding `path` (absolute; a file or a directory): the nearest
 * directory, from it upwards, with a `.git` entry (a directory, or a file in a linked work tree
 * or submodule). Null outside any work tree. Found on the file system, as git finds it, without
 * running git: the build needs it before its workers start.
 */
export function workTreeRoot(path: string): string | null {
  let dir = path;
  try {
    if (!statSync(path).isDirectory()) dir = dirname(path);
  } catch {
    dir = dirname(path);
  }
  for (;;) {
    if (existsSync(join(dir, '.git'))) return dir;
    if (dir === parse(dir).root) return null;
    dir = dirname(dir);
  }
}

/**
 * Resolves to the revision, or null; never rejects. The three git commands run at once (any that
 * fails makes it null), so that they finish while the caller goes on working.
 */
export async function gitRevision(cwd: string, runbookPaths: readonly string[]): Promise<string | null> {
  const git = (...args: string[]) => new Promise<string | null>((resolve) => {
    execFile('git', args, { cwd, encoding: 'utf8', timeout: 10_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout) => resolve(error ? null : stdout.trim()));
  });
  // Porcelain lists modified, staged, deleted, untracked and (`!!`) ignored files. An ignored
  // runbook would be compiled without being in the commit, so it counts.
  const paths = runbookPaths.length ? runbookPaths : ['runbooks'];
  const [inside, head, status] = await Promise.all([
    git('rev-parse', '--is-inside-work-tree'),
    git('rev-parse', '--verify', 'HEAD'),
    git('status', '--porcelain', '--untracked-files=all', '--ignored', '--', ...paths),
  ]);
  // Not a repository, no commit yet, no git: null.
  if (inside !== 'true' || head === null || status === null || !/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/.test(head)) return null;
  // Only runbooks count — *.md, or a file named on the command line — on either side of a rename:
  // other files (a build's output written under runbooks/, notes) do not change the policy, and
  // must not make the revision null.
  const named = new Set(runbookPaths.map((p) => p.split(sep).join('/')));
  const runbook = (path: string) => /\.md"?$/.test(path) || named.has(path.replace(/^"|"$/g, ''));
  const dirty = status.split('\n').filter((line) => line !== '' && line.slice(3).split(' -> ').some(runbook));
  return dirty.length === 0 ? head : null;
}
