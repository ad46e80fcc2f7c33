// Spreads files over worker threads in small batches, so a slow file never leaves a core idle.
// Used by check (workers read files from disk) and by diff (workers are sent the bytes of a git
// side, which is not on disk).

import { Worker } from 'node:worker_threads';
import type { FileOutcome } from './check-file.js';
import type { WorkerInit, WorkerReply, WorkerRequest } from './worker.js';

/** Files per message to a worker (and per in-process batch). */
export const BATCH = 32;

/**
 * Runs `worker` (a module answering `{id, files}` with `{id, outcomes}`) over `items` in batches;
 * `pack` turns a batch into the `files` it is sent. Outcomes come back in item order.
 */
export async function runInWorkers<T>(
  items: readonly T[], jobs: number, worker: URL, workerData: unknown, pack: (batch: T[]) => unknown[],
): Promise<FileOutcome[]> {
  const results: FileOutcome[][] = [];
  let next = 0;
  let batchId = 0;
  const workers = Array.from({ length: jobs }, () => new Worker(worker, { workerData }));
  try {
    await Promise.all(workers.map((w) => new Promise<void>((resolveWorker, reject) => {
      const send = () => {
        if (next >= items.length) return resolveWorker();
        w.postMessage({ id: batchId++, files: pack(items.slice(next, next + BATCH)) });
        next += BATCH;
      };
      w.on('message', (reply: WorkerReply) => {
        results[reply.id] = reply.outcomes;
        send();
      });
      w.on('error', reject);
      w.on('exit', (code) => {
        if (code !== 0) reject(new Error(`check worker exited with code ${code}`));
      });
      send();
    })));
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results.flat();
}

export function checkInWorkers(files: readonly string[], jobs: number, init: WorkerInit): Promise<FileOutcome[]> {
  return runInWorkers(files, jobs, new URL('./worker.js', import.meta.url), init, (batch): WorkerRequest['files'] => batch);
}
