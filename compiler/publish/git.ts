// Git facts for the site: the latest commits per runbook file, and the repository's web address
// for source and history links. Every failure (no git, no repository, no remote) means "unknown",
// never an error: the site then shows the path and leaves the links out.

import { execFileSync } from 'node:child_process';
import type { Commit } from './types.js';

function git(cwd: string, args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 20_000, maxBuffer: 64 * 1024 * 1024 });
}

/** The latest `perFile` commits that touched each of `files` (cwd-relative paths), newest first. */
export function fileHistory(cwd: string, files: readonly string[], perFile = 5): Map<string, Commit[]> {
  const out = new Map<string, Commit[]>();
  if (files.length === 0) return out;
  let log: string;
  try {
    log = git(cwd, ['log', '-n', '5000', '--relative', '--no-renames', '--format=%x1e%H%x1f%cI%x1f%an%x1f%s', '--name-only', '--', ...files]);
  } catch {
    return out;
  }
  const wanted = new Set(files);
  for (const record of log.split('\x1e')) {
    if (!record.trim()) continue;
    const [header = '', ...names] = record.split('\n');
    const [hash = '', date = '', author = '', subject = ''] = header.split('\x1f');
    for (const name of names) {
      if (!wanted.has(name)) continue;
      const list = out.get(name) ?? [];
      if (list.length < perFile) list.push({ hash, date, author, subject });
      out.set(name, list);
    }
  }
  return out;
}

/**
 * The repository's web address from `git remote get-url origin`, when it is a recognisable
 * https or ssh remote: `git@github.com:org/repo.git` → `https://github.com/org/repo`.
 * User names and tokens in the remote are never carried over.
 */
export function remoteWebUrl(cwd: string): string | undefined {
  let remote: string;
  try {
    remote = git(cwd, ['remote', 'get-url', 'origin']).trim();
  } catch {
    return undefined;
  }
  return webUrlOf(remote);
}

export function webUrlOf(remote: string): string | undefined {
  const scp = /^[\w.-]+@([\w.-]+):([\w./-]+?)(?:\.git)?\/?$/.exec(remote);
  if (scp) return `https://${scp[1]}/${scp[2]}`;
  let url: URL;
  try {
    url = new URL(remote);
  } catch {
    return undefined;
  }
  if (!['https:', 'http:', 'ssh:', 'git:'].includes(url.protocol)) return undefined;
  const path = url.pathname.replace(/\.git\/?$/, '').replace(/\/+$/, '');
  if (!/^\/[\w.-]+\/[\w./-]+$/.test(path)) return undefined;
  return `https://${url.hostname}${path}`;
}

/** The branch checked out, for links when the runbooks are not exactly a commit. */
export function currentBranch(cwd: string): string | undefined {
  try {
    const branch = git(cwd, ['rev-parse', '--abbrev-ref', 'HEAD']).trim();
    return branch && branch !== 'HEAD' ? branch : undefined;
  } catch {
    return undefined;
  }
}
