// A deflate-pool worker: compresses the segments it is sent (ranges of a SharedArrayBuffer the
// main thread filled) into gzip members and posts each back.

import { parentPort } from 'node:worker_threads';
import { gzipMember } from './gzip.js';

export interface DeflateRequest {
  id: number;
  data: SharedArrayBuffer;
  start: number;
  end: number;
}

export interface DeflateReply {
  id: number;
  member: Uint8Array;
}

// A request that cannot be decoded would never be answered: exit, which fails it in the pool.
parentPort?.on('messageerror', () => process.exit(1));
parentPort?.on('message', ({ id, data, start, end }: DeflateRequest) => {
  const reply: DeflateReply = { id, member: gzipMember(new Uint8Array(data, start, end - start)) };
  parentPort!.postMessage(reply);
});
