// A check worker: reads and checks the files it is sent, in batches, and posts the outcomes
// back. One per core; the main thread only schedules and merges.

import { resolve } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { checkFile, type FileOutcome } from './check-file.js';
import { readRunbook } from './read.js';

export interface WorkerInit {
  cwd: string;
  today: string;
  keepRunbook: boolean;
}
export type WorkerRequest = { id: number; files: string[] };
export type WorkerReply = { id: number; outcomes: FileOutcome[] };

const init = workerData as WorkerInit;

parentPort?.on('message', (req: WorkerRequest) => {
  const outcomes = req.files.map((file) => {
    const bytes = readRunbook(file, resolve(init.cwd, file));
    if (!(bytes instanceof Uint8Array)) return bytes;
    return checkFile(file, bytes, { today: init.today, keepRunbook: init.keepRunbook });
  });
  parentPort!.postMessage({ id: req.id, outcomes } satisfies WorkerReply);
});
