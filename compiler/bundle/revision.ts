// The bundle's `revision`: the git commit the runbooks came from — but only when the runbooks
// compiled are exactly that commit's. Why this keeps builds reproducible: the revision is part of
// the bundle (and its digest), so it must be a function of the input. A clean checkout of commit C
// yields revision C; anything else yields null and the bundle then depends on the runbook files
// alone. Changes outside the runbook paths (code, docs) do not make the revision null, because they
// do not change the policy.
//
// "Exactly" is decided by content, not by asking git what changed: the files compiled must be the
// runbooks HEAD's tree holds under the same paths (the same selection the check makes: *.md, not
// README.md or _*, outside dot-directories and node_modules; or the files named), as regular files
// with the same blob ids. `git status` does not see everything that breaks that — a symbolic link
// to a changed file, a nested repository, a submodule git is told to ignore, a sparse checkout,
// files marked assume-unchanged — and its output is easy to misread.

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
 * Resolves to the revision, or null; never rejects. `root`: the work tree's root; `runbookPaths`:
 * the paths given to the check, relative to it; `compiled`: the files compiled, relative to it
 * with forward slashes.
 */
export async function gitRevision(
  root: string, runbookPaths: readonly string[], compiled: readonly string[], blobs?: readonly (string | undefined)[],
): Promise<string | null> {
  const git = (args: string[], input?: string) => new Promise<string | null>((resolve) => {
    const child = execFile('git', args, { cwd: root, encoding: 'utf8', timeout: 30_000, maxBuffer: 256 * 1024 * 1024, env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' } },
      (error, stdout) => resolve(error ? null : stdout));
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(input ?? '');
  });
  const paths = runbookPaths.length ? runbookPaths : ['runbooks'];
  if (paths.some((p) => p.startsWith('..')) || compiled.some((f) => f.startsWith('../') || f.includes('\n'))) return null;
  const [head, format, tree] = await Promise.all([
    git(['rev-parse', '--verify', '--quiet', 'HEAD']),
    git(['rev-parse', '--show-object-format']),
    // Literal pathspecs from the top: a runbook directory named `a*` or `[x]` is not a pattern.
    git(['ls-tree', '-r', '-z', '--full-tree', 'HEAD', '--', ...paths.map((p) => (p === '.' ? ':(top)' : `:(top,literal)${p.split(sep).join('/')}`))]),
  ]);
  const commit = head?.trim();
  if (commit === undefined || tree === null || !/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/.test(commit)) return null;

  // What the check would have compiled from HEAD's tree: path → blob id (null: not a plain file).
  const selected = new Map<string, string | null>();
  const dirs = paths.filter((p) => !compiled.includes(p.split(sep).join('/'))).map((p) => (p === '.' ? '' : `${p.split(sep).join('/')}/`));
  const files = new Set(paths.map((p) => p.split(sep).join('/')).filter((p) => compiled.includes(p)));
  for (const record of tree.split('\0')) {
    if (record === '') continue;
    const tab = record.indexOf('\t');
    const [mode, , oid] = record.slice(0, tab).split(' ');
    const path = record.slice(tab + 1);
    const dir = dirs.find((d) => path.startsWith(d));
    const wanted = files.has(path) || (dir !== undefined && selectable(path.slice(dir.length)));
    if (wanted) selected.set(path, mode === '100644' || mode === '100755' ? oid! : null);
  }
  if (selected.size !== compiled.length || compiled.some((f) => typeof selected.get(f) !== 'string')) return null;
  if (compiled.length === 0) return commit;
  // The ids of the bytes compiled, as the check workers hashed them (SHA-1 repositories); else git
  // hashes the files as they are now (no clean filters: the bundle holds the bytes, so must the commit).
  let ids: readonly (string | undefined)[];
  if (format?.trim() === 'sha1' && blobs !== undefined && blobs.length === compiled.length && blobs.every((b) => b !== undefined)) {
    ids = blobs;
  } else {
    const hashed = await git(['hash-object', '--no-filters', '--stdin-paths'], `${compiled.join('\n')}\n`);
    if (hashed === null) return null;
    ids = hashed.trim().split('\n');
  }
  return ids.length === compiled.length && compiled.every((f, i) => selected.get(f) === ids[i]) ? commit : null;
}

/** Whether the check picks this path (below a directory it was given) as a runbook: discover.ts's rules. */
function selectable(rel: string): boolean {
  const parts = rel.split('/');
  const name = parts[parts.length - 1]!;
  return parts.every((part) => !part.startsWith('.') && part !== 'node_modules')
    && name.endsWith('.md') && name.toLowerCase() !== 'readme.md' && !name.startsWith('_');
}
