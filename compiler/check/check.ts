// The check stage: discover files, check each (in workers when there are many, reusing the
// content-hash cache when asked), then run the project rules over the summaries.

import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { compareDiagnostics, summarize, type Diagnostic } from '../diagnostics/diagnostic.js';
import { checkFile, sha256Hex, type FileOutcome, type FileCheckOptions } from './check-file.js';
import { cacheKey, readCache, writeCache } from './cache.js';
import { discover } from './discover.js';
import { checkInWorkers } from './pool.js';
import { checkProjectRules, type ProjectIo } from './project.js';
import { unreadable } from './read.js';
import type { CheckedRunbook, CheckOptions, CheckResult } from './types.js';

/** Below this many files per core, starting workers costs more than it saves. */
const FILES_PER_WORKER = 100;

export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

export async function checkProject(options: CheckOptions): Promise<CheckResult> {
  const cwd = options.cwd;
  const { files, diagnostics: discoveryDiagnostics } = discover(options.paths.length ? options.paths : ['runbooks'], cwd);
  const fileOptions: FileCheckOptions = { today: options.today ?? todayUtc(), keepRunbook: options.keepRunbooks ?? true };
  const useCache = options.cacheDir !== undefined && !fileOptions.keepRunbook;
  const key = useCache ? cacheKey(fileOptions.today) : '';
  const cache = useCache ? readCache(options.cacheDir!, key) : new Map();

  const outcomes: FileOutcome[] = [];
  let pending: string[] = files;
  if (useCache) {
    pending = [];
    for (const file of files) {
      let bytes: Uint8Array;
      try {
        bytes = readFileSync(resolve(cwd, file));
      } catch (error) {
        outcomes.push(unreadable(file, error));
        continue;
      }
      const hit = cache.get(file);
      if (hit && hit.sha256 === sha256Hex(bytes)) outcomes.push(hit);
      else pending.push(file);
    }
  }

  const jobs = Math.max(1, Math.min(options.jobs ?? availableParallelism(), Math.ceil(pending.length / FILES_PER_WORKER)));
  // Workers load the compiled worker.js; under a TypeScript test runner there is none.
  const inProcess = jobs <= 1 || import.meta.url.endsWith('.ts');
  outcomes.push(...(inProcess
    ? pending.map((file) => checkOne(cwd, file, fileOptions))
    : await checkInWorkers(pending, jobs, { cwd, ...fileOptions })));

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
  if (useCache) writeCache(options.cacheDir!, key, outcomes);
  return finish(outcomes, discoveryDiagnostics, io);
}

function checkOne(cwd: string, file: string, options: FileCheckOptions): FileOutcome {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(resolve(cwd, file));
  } catch (error) {
    return unreadable(file, error);
  }
  return checkFile(file, bytes, options);
}

/** Checks in-memory sources (tests, editors, the site's rule examples); no disk access. */
export function checkSources(sources: ReadonlyArray<{ file: string; text: string }>, options: { today?: string } = {}): CheckResult {
  const byFile = new Map(sources.map((s) => [s.file, Buffer.from(s.text)]));
  const fileOptions = { today: options.today ?? todayUtc(), keepRunbook: true };
  const outcomes = [...byFile].map(([file, bytes]) => checkFile(file, bytes, fileOptions));
  return finish(outcomes, [], { read: (f) => byFile.get(f), exists: (f) => byFile.has(f) });
}

function finish(outcomes: FileOutcome[], extra: Diagnostic[], io: ProjectIo): CheckResult {
  outcomes.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const summaries = outcomes.flatMap((o) => (o.summary ? [o.summary] : []));
  const diagnostics = [...extra, ...outcomes.flatMap((o) => o.diagnostics), ...checkProjectRules(summaries, io)];
  diagnostics.sort(compareDiagnostics);
  const runbooks: CheckedRunbook[] = outcomes.flatMap((o) => (o.checked ? [o.checked] : []));
  const fileCount = outcomes.length + extra.filter((d) => d.rule === 'symlink-outside').length;
  return { diagnostics, summary: summarize(fileCount, diagnostics), runbooks };
}
