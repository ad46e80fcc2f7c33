// The bundle's `revision`: the git commit the runbooks came from — but only when the runbooks
// are exactly that commit. With uncommitted or untracked changes under the runbook paths the
// commit would claim content it does not hold, so the revision is null. Why this keeps builds
// reproducible: the revision is part of the bundle (and its digest), so it must be a function of
// the input. A clean checkout of commit C always yields revision C; a dirty tree yields null and
// the bundle then depends on the runbook files alone. Changes outside the runbook paths (code,
// docs) do not make the revision null, because they do not change the policy.

import { execFileSync } from 'node:child_process';

export function gitRevision(cwd: string, runbookPaths: readonly string[]): string | null {
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 }).trim();
  try {
    if (git('rev-parse', '--is-inside-work-tree') !== 'true') return null;
    const head = git('rev-parse', '--verify', 'HEAD');
    if (!/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/.test(head)) return null;
    // Porcelain lists modified, staged, deleted, untracked and (`!!`) ignored files. An ignored
    // runbook would be compiled without being in the commit, so it counts; other ignored files
    // (editor droppings) do not.
    const paths = runbookPaths.length ? runbookPaths : ['runbooks'];
    const status = git('status', '--porcelain', '--untracked-files=all', '--ignored', '--', ...paths);
    const dirty = status.split('\n').filter((line) => line !== '' && (!line.startsWith('!!') || /\.md"?$/.test(line)));
    return dirty.length === 0 ? head : null;
  } catch {
    return null; // no git, not a repository, or no commit yet
  }
}
