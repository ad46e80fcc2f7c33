// A diff check worker: checks the (file, bytes) batches it is sent — the sources of a git side
// are not on disk, so compiler/check's worker (which reads files) cannot be used.

import { parentPort, workerData } from 'node:worker_threads';
import { checkFile, type FileOutcome } from '../check/check-file.js';

export interface DiffWorkerInit { today: string }
export type DiffWorkerRequest = { id: number; files: Array<{ file: string; bytes: Uint8Array }> };
export type DiffWorkerReply = { id: number; outcomes: FileOutcome[] };

const init = workerData as DiffWorkerInit;

parentPort?.on('message', (req: DiffWorkerRequest) => {
  const outcomes = req.files.map(({ file, bytes }) => checkFile(file, bytes, { today: init.today, keepRunbook: true }));
  parentPort!.postMessage({ id: req.id, outcomes } satisfies DiffWorkerReply);
});
