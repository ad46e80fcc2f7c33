// The bundle's `revision`: the git commit the runbooks came from — but only when the runbooks
// are exactly that commit. With uncommitted or untracked changes under the runbook paths the
// commit would claim content it does not hold, so the revision is null. Why this keeps builds
// reproducible: the revision is part of the bundle (and its digest), so it must be a function of
// the input. A clean checkout of commit C always yields revision C; a dirty tree yields null and
// the bundle then depends on the runbook files alone. Changes outside the runbook paths (code,
// docs) do not make the revision null, because they do not change the policy.

import { execFile } from 'node:child_process';
import { existsSync, lstatSync, statSync } from 'node:fs';
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
    execFile('git', args, { cwd, encoding: 'utf8', timeout: 10_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout) => resolve(error ? null : stdout));
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
  // (Status lines are not trimmed: the first column of the first line may be a space.)
  if (inside?.trim() !== 'true' || head === null || status === null || !/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/.test(head.trim())) return null;
  // A change counts unless it is plainly not a runbook: a regular file that is neither *.md nor
  // named on the command line (a build's output written under runbooks/, notes), or a directory
  // the check never enters (dot-directories, node_modules). Anything else — a runbook, a nested
  // repository or submodule (listed as a directory), a path git had to quote, a deleted entry —
  // counts, so the revision never claims runbooks its commit does not hold.
  const named = new Set(runbookPaths.map((p) => p.split(sep).join('/')));
  const notRunbook = (path: string): boolean => {
    if (path.startsWith('"') || /\.md$/.test(path) || named.has(path)) return false;
    let stat;
    try {
      stat = lstatSync(join(cwd, path));
    } catch {
      return false; // deleted, or not found as written
    }
    if (stat.isFile()) return true;
    return stat.isDirectory() && path.replace(/\/$/, '').split('/').some((part) => part.startsWith('.') || part === 'node_modules');
  };
  const dirty = status.split('\n').filter((line) => line !== '' && !line.slice(3).split(' -> ').every(notRunbook));
  return dirty.length === 0 ? head.trim() : null;
}
