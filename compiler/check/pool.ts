// Spreads files over worker threads in small batches, so a slow file never leaves a core idle.

import { Worker } from 'node:worker_threads';
import type { FileOutcome } from './check-file.js';
import type { WorkerInit, WorkerReply, WorkerRequest } from './worker.js';

const BATCH = 32;

export async function checkInWorkers(files: readonly string[], jobs: number, init: WorkerInit): Promise<FileOutcome[]> {
  const results: FileOutcome[][] = [];
  let next = 0;
  let batchId = 0;
  const workers = Array.from({ length: jobs }, () => new Worker(new URL('./worker.js', import.meta.url), { workerData: init }));
  try {
    await Promise.all(workers.map((worker) => new Promise<void>((resolveWorker, reject) => {
      const send = () => {
        if (next >= files.length) return resolveWorker();
        const id = batchId++;
        worker.postMessage({ id, files: files.slice(next, next + BATCH) } satisfies WorkerRequest);
        next += BATCH;
      };
      worker.on('message', (reply: WorkerReply) => {
        results[reply.id] = reply.outcomes;
        send();
      });
      worker.on('error', reject);
      worker.on('exit', (code) => {
        if (code !== 0) reject(new Error(`check worker exited with code ${code}`));
      });
      send();
    })));
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results.flat();
}
