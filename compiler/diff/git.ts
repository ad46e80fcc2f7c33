// Read-only git plumbing for a git side: resolve a revision to a commit, list its tree, read
// blobs. Always an argument array (never a shell string), and nothing that writes: no checkout,
// no index, no working tree (GIT_OPTIONAL_LOCKS=0 keeps even opportunistic index refreshes off).

import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';

export class GitError extends Error {
  override name = 'GitError';
}

function run(cwd: string, args: string[], input?: string): Promise<{ code: number; stdout: Buffer; stderr: string }> {
  return new Promise((resolveRun, reject) => {
    const child = spawn('git', args, {
      cwd,
      env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' },
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(new GitError(error.code === 'ENOENT' ? 'git is not installed (or not on PATH)' : error.message));
    });
    child.on('close', (code) => resolveRun({ code: code ?? 1, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8').trim() }));
    child.stdin.on('error', () => { /* git exited early; its exit code says why */ });
    child.stdin.end(input ?? '');
  });
}

/**
 * The commit a revision names, or null with git's reason. The caller has already refused
 * revisions that start with `-`; `--end-of-options` makes sure git never reads one as an option.
 */
export async function resolveCommit(cwd: string, revision: string): Promise<{ commit: string } | { commit: null; reason: string }> {
  const r = await run(cwd, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${revision}^{commit}`]);
  const commit = r.stdout.toString('utf8').trim();
  if (r.code === 0 && /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/.test(commit)) return { commit };
  const inside = await run(cwd, ['rev-parse', '--git-dir']);
  return { commit: null, reason: inside.code === 0 ? 'no such commit in this repository' : 'not inside a git repository' };
}

/** The working directory's path inside the repository (`sub/dir/`, or empty at the top). */
export async function repositoryPrefix(cwd: string): Promise<string> {
  const r = await run(cwd, ['rev-parse', '--show-prefix']);
  if (r.code !== 0) throw new GitError(r.stderr || 'git rev-parse --show-prefix failed');
  return r.stdout.toString('utf8').trim();
}

export interface TreeEntry {
  mode: string;
  type: string;
  oid: string;
  /** Path from the repository's top, forward slashes. */
  path: string;
}

/** Every entry of a commit's tree, recursively, paths from the top of the repository. */
export async function listTree(cwd: string, commit: string): Promise<TreeEntry[]> {
  const r = await run(cwd, ['ls-tree', '-r', '-z', '--full-tree', commit]);
  if (r.code !== 0) throw new GitError(r.stderr || `git ls-tree ${commit} failed`);
  const text = r.stdout.toString('utf8');
  const entries: TreeEntry[] = [];
  for (const record of text.split('\0')) {
    if (record === '') continue;
    const tab = record.indexOf('\t');
    const [mode, type, oid] = record.slice(0, tab).split(' ');
    entries.push({ mode: mode!, type: type!, oid: oid!, path: record.slice(tab + 1) });
  }
  return entries;
}

/** Blob contents by object id, with one `git cat-file --batch` for all of them. */
export async function readBlobs(cwd: string, oids: readonly string[]): Promise<Map<string, Buffer>> {
  const blobs = new Map<string, Buffer>();
  if (oids.length === 0) return blobs;
  const r = await run(cwd, ['cat-file', '--batch'], `${oids.join('\n')}\n`);
  if (r.code !== 0) throw new GitError(r.stderr || 'git cat-file --batch failed');
  const out = r.stdout;
  let at = 0;
  while (at < out.length) {
    const eol = out.indexOf(10, at);
    if (eol < 0) break;
    const header = out.subarray(at, eol).toString('utf8').split(' ');
    at = eol + 1;
    if (header[1] === 'missing' || header.length < 3) throw new GitError(`git object ${header[0]} is missing`);
    const size = Number(header[2]);
    // A copy, not a view: a view keeps (and, sent to a worker, copies) the whole batch output.
    blobs.set(header[0]!, Buffer.from(out.subarray(at, at + size)));
    at += size + 1; // contents, then LF
  }
  return blobs;
}

/** The id git gives a blob with these bytes (SHA-1 object format), so unchanged files are recognised across sides. */
export function blobId(bytes: Uint8Array): string {
  return createHash('sha1').update(`blob ${bytes.byteLength}\0`).update(bytes).digest('hex');
}
