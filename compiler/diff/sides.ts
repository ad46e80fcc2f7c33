// What each side of a diff is, and its compiled bundle. A side is, in this order:
//   an existing file         → a bundle.json (verified: schema version, digest, structure)
//   an existing directory    → the runbooks in it, checked and compiled
//   otherwise a git revision → the runbooks under the runbook directory in that commit, read with
//                              `git ls-tree` / `git cat-file` (never the working tree or index),
//                              checked in memory and compiled
// An existing path always wins over a revision of the same name.
//
// Expiry never fails a side: the `approval-current` rule is left out of the errors that fail a
// side (README "Reviewing changes"). A diff compares what two policies grant, not whether they
// are current today; an old base whose approval has since lapsed must stay diffable, and the
// head's approval is `check`'s business (CI runs it next to diff). Approval changes are reported
// as governance items either way.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { posix, relative, resolve, sep } from 'node:path';
import { BUNDLE_SCHEMA_VERSION, type Bundle } from '../bundle/types.js';
import { todayUtc } from '../check/check.js';
import { discover } from '../check/discover.js';
import type { CheckResult } from '../check/types.js';
import { compile } from '../compile/compile.js';
import { checkDigest } from '../compile/digest.js';
import { CompileError, type CompileProblem } from '../compile/problems.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { checkBundleShape } from '../enforcer/shape.js';
import { checkSourceSets, type SourceFile, type SourceSet } from './check-sides.js';
import { blobId, listTree, readBlobs, repositoryPrefix, resolveCommit } from './git.js';
import type { RunbookSource } from './runbooks.js';
import type { SideInfo } from './types.js';

/** The side cannot be what was asked for: a usage error (exit 2). */
export class SideUsageError extends Error {
  override name = 'SideUsageError';
}

/** Findings that are not errors of the side itself. */
export const NOT_FAILING_RULES: ReadonlySet<string> = new Set(['approval-current']);

export type SideSpec =
  | { kind: 'bundle'; spec: string; path: string }
  | { kind: 'directory'; spec: string; path: string }
  | { kind: 'git'; spec: string; commit: string };

export interface LoadedSide {
  info: SideInfo;
  bundle: Bundle;
  /** Runbook id → source, for runbook sides (git, directory); null for a bundle.json. */
  sources: Map<string, RunbookSource> | null;
}

export interface SideFailure {
  side: 'base' | 'head';
  info: Pick<SideInfo, 'spec' | 'kind' | 'revision'>;
  /** `check` errors (and the warnings beside them), when the runbooks do not check. */
  diagnostics: Diagnostic[];
  /** File texts for code frames (a git side's files are not on disk). */
  texts: Map<string, string>;
  /** Compile problems, when check passed but compile did not. */
  problems: CompileProblem[];
  /** Why a bundle.json cannot be used. */
  message: string | null;
}

export interface LoadOptions {
  cwd: string;
  /** Runbook directory for git sides (cwd-relative). Default: the directory side's, else `runbooks`. */
  runbooks?: string;
  today?: string;
  jobs?: number;
}

export async function resolveSide(spec: string, cwd: string): Promise<SideSpec> {
  if (spec === '') throw new SideUsageError('a side is empty; give a git revision, a directory of runbooks, or a bundle.json');
  const path = resolve(cwd, spec);
  let stat;
  try {
    stat = statSync(path);
  } catch {
    stat = undefined;
  }
  if (stat?.isFile()) {
    if (spec.endsWith('.md')) throw new SideUsageError(`${spec} is a single runbook; give the directory that holds it (or a git revision, or a bundle.json)`);
    return { kind: 'bundle', spec, path };
  }
  if (stat?.isDirectory()) return { kind: 'directory', spec, path };
  if (spec.startsWith('-')) throw new SideUsageError(`'${spec}' is not a file or directory, and a git revision cannot start with '-'`);
  if (/[\u0000-\u001f\u007f]/.test(spec)) throw new SideUsageError('a git revision cannot contain control characters');
  const resolved = await resolveCommit(cwd, spec);
  if (resolved.commit === null) {
    throw new SideUsageError(`'${spec}' is not a bundle.json file, a directory of runbooks, or a git revision (${resolved.reason})`);
  }
  return { kind: 'git', spec, commit: resolved.commit };
}

/** Loads both sides; a side that fails check, compile or bundle verification is returned as a failure. */
export async function loadSides(base: SideSpec, head: SideSpec, options: LoadOptions): Promise<{ base: LoadedSide; head: LoadedSide } | { failures: SideFailure[] }> {
  const today = options.today ?? todayUtc();
  const dirOf = (s: SideSpec) => (s.kind === 'directory' ? toPosix(relative(options.cwd, s.path)) || '.' : undefined);
  const runbooksDir = options.runbooks ?? dirOf(head) ?? dirOf(base) ?? 'runbooks';
  const blobCache = new Map<string, Buffer>();

  const sets: Array<SourceSet | null> = [];
  for (const s of [base, head]) {
    if (s.kind === 'directory') sets.push(directorySet(options.cwd, s.path));
    else if (s.kind === 'git') sets.push(await gitSet(options.cwd, s.commit, runbooksDir, blobCache));
    else sets.push(null);
  }
  const runbookSets = sets.filter((s): s is SourceSet => s !== null);
  const checked = runbookSets.length ? await checkSourceSets(runbookSets, { today, jobs: options.jobs }) : [];

  const failures: SideFailure[] = [];
  const loaded: LoadedSide[] = [];
  let k = 0;
  for (const [i, s] of [base, head].entries()) {
    const side = i === 0 ? 'base' : 'head';
    const set = sets[i];
    const result = set ? checked[k++]! : null;
    const info = { spec: s.spec, kind: s.kind, revision: s.kind === 'git' ? s.commit : null };
    if (s.kind === 'bundle') {
      const r = loadBundleFile(s.path);
      if ('message' in r) failures.push({ side, info, diagnostics: [], texts: new Map(), problems: [], message: r.message });
      else loaded.push({ info: { ...info, runbooks: null, digest: r.bundle.digest, counts: counts(r.bundle) }, bundle: r.bundle, sources: null });
      continue;
    }
    const texts = new Map(set!.files.map((f) => [f.file, decode(f.bytes)]));
    const errors = result!.diagnostics.filter((d) => d.severity === 'error' && !NOT_FAILING_RULES.has(d.rule));
    if (errors.length > 0) {
      failures.push({ side, info, diagnostics: errors, texts, problems: [], message: null });
      continue;
    }
    const compiled = compileSide(result!, info.revision);
    if ('problems' in compiled) {
      failures.push({ side, info, diagnostics: [], texts, problems: compiled.problems, message: null });
      continue;
    }
    const sources = new Map<string, RunbookSource>();
    for (const c of result!.runbooks) sources.set(c.runbook.id, { file: c.file, text: texts.get(c.file) ?? '', checked: c });
    loaded.push({
      info: { ...info, runbooks: s.kind === 'git' ? runbooksDir : dirOf(s)!, digest: compiled.bundle.digest, counts: counts(compiled.bundle) },
      bundle: compiled.bundle,
      sources,
    });
  }
  if (failures.length) return { failures };
  return { base: loaded[0]!, head: loaded[1]! };
}

function counts(b: Bundle): SideInfo['counts'] {
  return { runbooks: Object.keys(b.runbooks).length, grants: Object.keys(b.grants).length };
}

function compileSide(result: CheckResult, revision: string | null): { bundle: Bundle } | { problems: CompileProblem[] } {
  try {
    return { bundle: compile(result.runbooks, { revision }) };
  } catch (error) {
    if (error instanceof CompileError) return { problems: [...error.problems] };
    throw error;
  }
}

function decode(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8').replace(/^\uFEFF/, '');
}

const toPosix = (p: string) => p.split(sep).join('/');

function directorySet(cwd: string, dir: string): SourceSet {
  const { files, diagnostics } = discover([dir], cwd);
  const out: SourceFile[] = [];
  const discovery = [...diagnostics];
  for (const file of files) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(resolve(cwd, file));
    } catch {
      continue; // vanished since listing; check would report it, but there is nothing to diff
    }
    out.push({ file, bytes, id: blobId(bytes) });
  }
  return { files: out, exists: (file) => existsSync(resolve(cwd, file)), discovery };
}

/** Runbook files under `dir` (cwd-relative) in a commit, as check's discovery would find them in a checkout. */
async function gitSet(cwd: string, commit: string, dir: string, cache: Map<string, Buffer>): Promise<SourceSet> {
  const prefix = (await repositoryPrefix(cwd)).replace(/\/$/, '');
  const root = posix.normalize(posix.join(prefix, toPosix(dir))).replace(/\/$/, '');
  if (root === '..' || root.startsWith('../')) throw new SideUsageError(`the runbook directory ${dir} is outside the git repository`);
  const tree = await listTree(cwd, commit);
  const display = (path: string) => (prefix === '' ? path : posix.relative(prefix, path));
  const paths = new Set<string>();
  const wanted: Array<{ file: string; oid: string }> = [];
  for (const e of tree) {
    if (e.type !== 'blob') continue;
    paths.add(e.path);
    if (e.mode !== '100644' && e.mode !== '100755') continue; // symbolic links and submodules are skipped
    const within = root === '.' ? e.path : e.path.startsWith(`${root}/`) ? e.path.slice(root.length + 1) : null;
    if (within === null) continue;
    const segments = within.split('/');
    const name = segments[segments.length - 1]!;
    if (segments.some((x) => x.startsWith('.') || x === 'node_modules')) continue;
    if (!name.endsWith('.md') || name.toLowerCase() === 'readme.md' || name.startsWith('_')) continue;
    wanted.push({ file: display(e.path), oid: e.oid });
  }
  const missing = [...new Set(wanted.map((w) => w.oid).filter((oid) => !cache.has(oid)))];
  for (const [oid, bytes] of await readBlobs(cwd, missing)) cache.set(oid, bytes);
  const files = wanted.map((w) => ({ file: w.file, bytes: cache.get(w.oid)!, id: w.oid })).sort((x, y) => (x.file < y.file ? -1 : 1));
  return {
    files,
    exists: (file) => paths.has(posix.normalize(prefix === '' ? file : posix.join(prefix, file))),
    discovery: [],
  };
}

/** Reads and verifies a bundle.json: schema version, digest, and the structure enforcers rely on. */
export function loadBundleFile(path: string): { bundle: Bundle } | { message: string } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return { message: `cannot read it (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { message: `it is not JSON (${(error as Error).message})` };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return { message: 'it is not a JSON object, so not a bundle' };
  const raw = parsed as Record<string, unknown>;
  if (raw.schemaVersion !== BUNDLE_SCHEMA_VERSION) {
    const found = JSON.stringify(raw.schemaVersion ?? null);
    return typeof raw.schemaVersion === 'string' && raw.schemaVersion.startsWith('gatebook.bundle/')
      ? { message: `its schemaVersion is ${found}, and this gatebook reads ${BUNDLE_SCHEMA_VERSION}; build that revision again with this version (or diff the runbooks instead of the bundle)` }
      : { message: `its schemaVersion is ${found}, not ${BUNDLE_SCHEMA_VERSION}, so it is not the bundle.json \`gatebook build\` writes` };
  }
  const digest = checkDigest(raw);
  if (!digest.ok) return { message: `its content does not match its digest (declared ${String(digest.found)}, computed ${digest.expected}); it was edited after the build` };
  const problems = checkBundleShape(raw);
  if (problems.length) return { message: `it is malformed: ${problems.join('; ')}` };
  return { bundle: raw as unknown as Bundle };
}
