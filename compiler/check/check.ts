// The check stage: discover files, check each (in workers when there are many, reusing the
// content-hash cache when asked), then run the project rules over the summaries.

import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { compareDiagnostics, summarize, type Diagnostic } from '../diagnostics/diagnostic.js';
import { checkFile, type FileOutcome, type FileCheckOptions } from './check-file.js';
import { cacheKey, partition, readCache, writeCache } from './cache.js';
import { discover } from './discover.js';
import { BATCH, checkInWorkers } from './pool.js';
import { checkProjectRules, type ProjectIo } from './project.js';
import { readRunbook } from './read.js';
import type { CheckedRunbook, CheckOptions, CheckResult } from './types.js';
import { loadUnitCompiler, unitsOf, withUnit, type CheckedUnits } from './units.js';

/** Below this many files per core, starting workers costs more than it saves. */
const FILES_PER_WORKER = 100;

export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

export function checkProject(options: CheckOptions): Promise<CheckResult> {
  return runCheck(options, false);
}

/**
 * checkProject(), also compiling each runbook that passes validation into its compile unit
 * where it is checked, in the workers (units.ts): what `gatebook build` links. Not public API:
 * units are the build's internals. The content-hash cache is never used (it holds no units).
 */
export function checkAndCompileUnits(options: CheckOptions): Promise<CheckResult & CheckedUnits> {
  return runCheck(options, true) as Promise<CheckResult & CheckedUnits>;
}

async function runCheck(options: CheckOptions, compileUnits: boolean): Promise<CheckResult | (CheckResult & CheckedUnits)> {
  const cwd = options.cwd;
  const { files, diagnostics: discoveryDiagnostics } = discover(options.paths.length ? options.paths : ['runbooks'], cwd);
  const fileOptions: FileCheckOptions = { today: options.today ?? todayUtc(), keepRunbook: options.keepRunbooks ?? true };
  const useCache = options.cacheDir !== undefined && !fileOptions.keepRunbook && !compileUnits;
  const cache = useCache ? readCache(options.cacheDir!, cacheKey(fileOptions.today)) : undefined;
  const split = cache ? partition(files, cwd, cache) : undefined;
  const outcomes: FileOutcome[] = split ? [...split.done] : [];
  const pending: string[] = split ? split.pending : files;

  const { jobs, inProcess } = planJobs(pending.length, options.jobs);
  if (inProcess) {
    const compile = compileUnits ? await loadUnitCompiler(cwd, options.sourceRoot) : undefined;
    const checkOptions = { ...fileOptions, keepRunbook: fileOptions.keepRunbook || compileUnits, gitBlobs: options.gitBlobs === true || compileUnits };
    // In batches, compiled after each batch's checks, as the workers do (worker.ts).
    for (let i = 0; i < pending.length; i += BATCH) {
      const batch = pending.slice(i, i + BATCH).map((file) => checkOne(cwd, file, checkOptions));
      if (compile) for (const outcome of batch) withUnit(outcome, compile, fileOptions.keepRunbook);
      outcomes.push(...batch);
    }
  } else {
    const unitOptions = {
      ...(compileUnits ? { compileUnits, ...(options.sourceRoot !== undefined ? { sourceRoot: options.sourceRoot } : {}) } : {}),
      ...(options.gitBlobs === true ? { gitBlobs: true } : {}),
    };
    outcomes.push(...(await checkInWorkers(pending, jobs, { cwd, ...fileOptions, ...unitOptions })));
  }

  const io: ProjectIo = {
    read: (file) => {
      try {
        return readFileSync(resolve(cwd, file));
      } catch {
        return undefined;
      }
    },
    exists: (file) => existsSync(resolve(cwd, file)),
  };
  // Rewriting a 10,000-entry cache costs more than the rest of a run where nothing changed.
  if (cache && split?.changed) writeCache(options.cacheDir!, cache, outcomes, split.stats);
  const result = finish(outcomes, discoveryDiagnostics, io);
  return compileUnits ? { ...result, ...unitsOf(outcomes) } : result;
}

/** How many workers `count` files deserve, and whether to check them in this thread instead. */
export function planJobs(count: number, requested?: number): { jobs: number; inProcess: boolean } {
  const jobs = Math.max(1, Math.min(requested ?? availableParallelism(), Math.ceil(count / FILES_PER_WORKER)));
  // Workers load compiled .js modules; under a TypeScript test runner there are none.
  return { jobs, inProcess: jobs <= 1 || import.meta.url.endsWith('.ts') };
}

function checkOne(cwd: string, file: string, options: FileCheckOptions): FileOutcome {
  const bytes = readRunbook(file, resolve(cwd, file));
  return bytes instanceof Uint8Array ? checkFile(file, bytes, options) : bytes;
}

/** Checks in-memory sources (tests, editors, the site's rule examples); no disk access. */
export function checkSources(sources: ReadonlyArray<{ file: string; text: string }>, options: { today?: string } = {}): CheckResult {
  const byFile = new Map(sources.map((s) => [s.file, Buffer.from(s.text)]));
  const fileOptions = { today: options.today ?? todayUtc(), keepRunbook: true };
  const outcomes = [...byFile].map(([file, bytes]) => checkFile(file, bytes, fileOptions));
  return finish(outcomes, [], { read: (f) => byFile.get(f), exists: (f) => byFile.has(f) });
}

/** Per-file outcomes (any order) plus discovery findings → the check result, project rules run. */
export function finish(outcomes: readonly FileOutcome[], extra: Diagnostic[], io: ProjectIo): CheckResult {
  const sorted = [...outcomes].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const summaries = sorted.flatMap((o) => (o.summary ? [o.summary] : []));
  const invalid = sorted.flatMap((o) => (o.invalidId !== undefined ? [{ file: o.file, id: o.invalidId }] : []));
  const diagnostics = [...extra, ...sorted.flatMap((o) => o.diagnostics), ...checkProjectRules(summaries, io, invalid)];
  diagnostics.sort(compareDiagnostics);
  const runbooks: CheckedRunbook[] = sorted.flatMap((o) => (o.checked ? [o.checked] : []));
  const fileCount = sorted.length + extra.filter((d) => d.rule === 'symlink-outside').length;
  return { diagnostics, summary: summarize(fileCount, diagnostics), runbooks };
}
