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
// with the same blob ids — or, for CRLF text, with the id of its LF form (util/git-blob.ts), as a
// core.autocrlf checkout has them. `git status` does not see everything that breaks that — a symbolic link
// to a changed file, a nested repository, a submodule git is told to ignore, a sparse checkout,
// files marked assume-unchanged — and its output is easy to misread.

import { execFile } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, parse, sep } from 'node:path';
import { isRunbookName, isSkippedEntry } from '../check/discover.js';
import { gitBlobIds } from '../util/git-blob.js';

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

/** The revision, or null and why there is none (`gitFailed`: git itself failed — worth a warning). */
export interface RevisionFound {
  commit: string | null;
  why: string | null;
  gitFailed?: boolean;
}

const none = (why: string, gitFailed = false): RevisionFound => ({ commit: null, why, ...(gitFailed ? { gitFailed } : {}) });

/**
 * Resolves to the revision, or null and why; never rejects. `root`: the work tree's root;
 * `runbookPaths`: the paths given to the check, relative to it; `compiled`: the files compiled,
 * relative to it with forward slashes; `blobs`: for each, the SHA-1 blob ids its compiled bytes
 * may have in git (gitBlobIds), when the check took them — else the files are read again here.
 */
export async function gitRevision(
  root: string, runbookPaths: readonly string[], compiled: readonly string[], blobs?: ReadonlyArray<readonly string[] | undefined>,
): Promise<RevisionFound> {
  // git's output, or what it said when it failed (`said`: the first line of its stderr, such as
  // "fatal: detected dubious ownership …"; `failed`: that, or what failed when it said nothing).
  const git = (args: string[]) => new Promise<{ out: string } | { failed: string; said: string }>((resolve) => {
    execFile('git', args, { cwd: root, encoding: 'utf8', timeout: 30_000, maxBuffer: 256 * 1024 * 1024, env: GIT_ENV }, (error, stdout, stderr) => {
      if (!error) return resolve({ out: stdout });
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return resolve({ failed: 'git is not installed', said: '' });
      const said = stderr.trim().split('\n')[0] ?? '';
      resolve({ failed: said || error.message.split('\n')[0]!, said });
    });
  });
  const paths = (runbookPaths.length ? runbookPaths : ['runbooks']).map((p) => p.split(sep).join('/'));
  const outside = (p: string) => p === '..' || p.startsWith('../');
  if (paths.some(outside) || compiled.some(outside)) return none('runbooks outside the git work tree');
  const [head, format] = await Promise.all([git(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']), git(['rev-parse', '--show-object-format'])]);
  // `--quiet`: no commit yet fails without a word; anything git says is git refusing.
  if ('failed' in head) return head.said === '' && head.failed !== 'git is not installed' ? none('no commit yet') : none(`git: ${head.failed}`, true);
  const commit = head.out.trim();
  if (!/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/.test(commit)) return none('no commit yet');
  // The tree of that very commit (HEAD may move meanwhile); pathspecs literal, from the top.
  const listed = await git(['--literal-pathspecs', 'ls-tree', '-r', '-z', '--full-tree', commit, '--', ...paths]);
  if ('failed' in listed) return none(`git: ${listed.failed}`, true);
  const tree = listed.out;
  const differ = none(`the runbooks compiled are not exactly those of commit ${commit.slice(0, 12)} (uncommitted or untracked changes)`);

  // What the check would have compiled from the commit's tree: path → blob id (null: not a plain file).
  const compiledSet = new Set(compiled);
  const files = new Set(paths.filter((p) => compiledSet.has(p)));
  const dirs = paths.filter((p) => !files.has(p)).map((p) => (p === '.' ? '' : `${p.replace(/\/$/, '')}/`));
  const selected = new Map<string, string | null>();
  for (const record of tree.split('\0')) {
    if (record === '') continue;
    const tab = record.indexOf('\t');
    const [mode, , oid] = record.slice(0, tab).split(' ');
    const path = record.slice(tab + 1);
    if (files.has(path) || dirs.some((d) => path.startsWith(d) && selectable(path.slice(d.length)))) {
      selected.set(path, mode === '100644' || mode === '100755' ? oid! : null);
    }
  }
  if (selected.size !== compiled.length || compiled.some((f) => typeof selected.get(f) !== 'string')) return differ;
  const objectFormat = 'out' in format && format.out.trim() === 'sha256' ? 'sha256' : 'sha1';
  const candidates = (i: number): readonly string[] | null => {
    const given = blobs?.[i];
    if (given !== undefined && objectFormat === 'sha1') return given;
    try {
      return gitBlobIds(readFileSync(join(root, compiled[i]!)), objectFormat);
    } catch {
      return null;
    }
  };
  return compiled.every((f, i) => candidates(i)?.includes(selected.get(f)!) === true) ? { commit, why: null } : differ;
}

/**
 * git's environment without what would point it elsewhere: a GIT_DIR or index inherited from a
 * hook or a script would name another repository's commit, and replace refs another tree.
 */
const GIT_ENV: NodeJS.ProcessEnv = (() => {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_OPTIONAL_LOCKS: '0', GIT_NO_REPLACE_OBJECTS: '1', LC_ALL: 'C' };
  for (const name of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_ALTERNATE_OBJECT_DIRECTORIES',
    'GIT_COMMON_DIR', 'GIT_NAMESPACE', 'GIT_PREFIX', 'GIT_GRAFT_FILE', 'GIT_SHALLOW_FILE', 'GIT_REPLACE_REF_BASE',
    'GIT_LITERAL_PATHSPECS', 'GIT_GLOB_PATHSPECS', 'GIT_NOGLOB_PATHSPECS', 'GIT_ICASE_PATHSPECS']) delete env[name];
  return env;
})();

/** Whether the check picks this path (below a directory it was given) as a runbook: discover.ts's rules. */
function selectable(rel: string): boolean {
  const parts = rel.split('/');
  return !parts.some(isSkippedEntry) && isRunbookName(parts[parts.length - 1]!);
}
