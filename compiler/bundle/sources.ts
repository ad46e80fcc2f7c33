// Where a build's runbooks are, for everything that must not depend on the directory a command
// runs from: bundle source paths are relative to the root of the git work tree holding the
// runbooks (else to the current directory), and the revision is looked up in that work tree.
// `build` and `publish` both compile the runbooks, and publish compares its digest with the
// build's, so they share this.

import { relative, resolve } from 'node:path';
import { toDisplayPath } from '../check/discover.js';
import { gitRevision, workTreeRoot, type RevisionFound } from './revision.js';

export interface Sources {
  /** Absolute directory the bundle's source paths are relative to. */
  root: string;
  /** A checked file (relative to cwd) → its `source.path` in the bundle. */
  pathOf: (file: string) => string;
  /**
   * The git revision of the compiled files (relative to cwd, as checked; with the blob ids of the
   * bytes compiled when the check workers took them), or null and why; never rejects.
   */
  revision: (files: ReadonlyArray<{ file: string; gitBlobs?: string[] }>) => Promise<RevisionFound>;
}

export function sourcesOf(cwd: string, paths: readonly string[]): Sources {
  const inputs = (paths.length ? paths : ['runbooks']).map((p) => resolve(cwd, p));
  const workTree = workTreeRoot(inputs[0]!);
  const root = workTree ?? cwd;
  const pathOf = (file: string) => toDisplayPath(root, resolve(cwd, file));
  return {
    root,
    pathOf,
    revision: async (files) => workTree === null
      ? { commit: null, why: 'not in a git work tree' }
      : gitRevision(root, inputs.map((p) => relative(root, p) || '.'), files.map((f) => pathOf(f.file)), files.map((f) => f.gitBlobs)),
  };
}
