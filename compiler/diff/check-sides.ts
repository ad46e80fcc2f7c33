// `check` for both sides at once. A file with the same path and bytes on both sides (most of
// them, in a pull request) is checked once and its outcome used for both; the project rules
// (duplicate ids, overlapping grants, links) then run per side. Many files → worker threads,
// as `gatebook check` does. The per-side assembly mirrors compiler/check/check.ts `finish`.

import { finish, planJobs } from '../check/check.js';
import { checkFile, type FileOutcome } from '../check/check-file.js';
import { runInWorkers } from '../check/pool.js';
import type { ProjectIo } from '../check/project.js';
import type { CheckResult } from '../check/types.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { DiffWorkerInit, DiffWorkerRequest } from './check-worker.js';

export interface SourceFile {
  /** cwd-relative, forward slashes. */
  file: string;
  bytes: Uint8Array;
  /** Content id (git blob id): equal ids mean equal bytes. */
  id: string;
}

export interface SourceSet {
  files: SourceFile[];
  /** Whether a path (cwd-relative) exists on this side, for link checks. */
  exists(file: string): boolean;
  /** Diagnostics found while listing the files (symbolic links leading out of the tree). */
  discovery: Diagnostic[];
}

export async function checkSourceSets(sets: readonly SourceSet[], options: { today: string; jobs?: number }): Promise<CheckResult[]> {
  const unique = new Map<string, SourceFile>();
  for (const set of sets) for (const f of set.files) unique.set(`${f.file}\u0000${f.id}`, f);
  const pending = [...unique.entries()];
  const { jobs, inProcess } = planJobs(pending.length, options.jobs);
  const outcomes = inProcess
    ? pending.map(([, f]) => checkFile(f.file, f.bytes, { today: options.today, keepRunbook: true }))
    : await checkInWorkers(pending.map(([, f]) => f), jobs, { today: options.today });
  const byKey = new Map<string, FileOutcome>();
  pending.forEach(([key], i) => byKey.set(key, outcomes[i]!));

  return sets.map((set) => {
    const bytes = new Map(set.files.map((f) => [f.file, f.bytes]));
    const io: ProjectIo = { read: (file) => bytes.get(file), exists: (file) => bytes.has(file) || set.exists(file) };
    return finish(set.files.map((f) => byKey.get(`${f.file}\u0000${f.id}`)!), set.discovery, io);
  });
}

function checkInWorkers(files: readonly SourceFile[], jobs: number, init: DiffWorkerInit): Promise<FileOutcome[]> {
  // Own copies: posting a view of a larger buffer would copy the whole buffer.
  return runInWorkers(files, jobs, new URL('./check-worker.js', import.meta.url), init,
    (batch): DiffWorkerRequest['files'] => batch.map((f) => ({ file: f.file, bytes: new Uint8Array(f.bytes) })));
}
