// Input and output of the check stage (parse → validate → rules), which every later stage
// (build, diff, the site) starts from.

import type { Diagnostic, Summary } from '../diagnostics/diagnostic.js';
import type { Runbook } from '../language/runbook.js';

export interface CheckOptions {
  /** Files or directories; directories are searched for *.md. Default `runbooks/`. */
  paths: string[];
  cwd: string;
  /** "Today" for expiry rules, YYYY-MM-DD. Default: the current UTC date. */
  today?: string;
  /** Worker threads; default: the machine's cores (1 means in-process). */
  jobs?: number;
  /** Directory for the content-hash cache; undefined disables it. Ignored with keepRunbooks. */
  cacheDir?: string;
  /** Return the validated runbooks in `CheckResult.runbooks` (publish and diff need them; check and build do not). Default true. */
  keepRunbooks?: boolean;
  /**
   * checkAndCompileUnits() only: the absolute directory the bundle's source paths are relative to
   * (`gatebook build`: the root of the git work tree holding the runbooks). Default `cwd`.
   */
  sourceRoot?: string;
  /** Keep each valid runbook's git blob ids (`CheckedRunbook.gitBlobs`): publish's revision. */
  gitBlobs?: boolean;
}

/** A runbook that parsed and passed schema validation (it may still have rule findings). */
export interface CheckedRunbook {
  /** Path relative to cwd, forward slashes. */
  file: string;
  /** sha-256 of the file's bytes, hex. */
  sha256: string;
  runbook: Runbook;
  /** With CheckOptions.gitBlobs (and in a build): the git blob ids the bytes checked may have in a commit (util/git-blob.ts). */
  gitBlobs?: string[];
  /** Level-2+ headings of the body, in order, for the site's table of contents. */
  headings: Array<{ depth: number; text: string; line: number }>;
}

export interface CheckResult {
  diagnostics: Diagnostic[];
  summary: Summary;
  /** Every file that got as far as a valid runbook, sorted by file. */
  runbooks: CheckedRunbook[];
}
