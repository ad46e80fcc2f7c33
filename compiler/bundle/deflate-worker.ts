// A deflate-pool worker: compresses the segments it is sent (ranges of a SharedArrayBuffer the
// main thread filled) and posts each stream back.

import { parentPort } from 'node:worker_threads';
import { deflateSegment } from './gzip.js';

export interface DeflateRequest {
  id: number;
  data: SharedArrayBuffer;
  start: number;
  end: number;
  last: boolean;
}

export interface DeflateReply {
  id: number;
  body: Uint8Array;
}

parentPort?.on('message', ({ id, data, start, end, last }: DeflateRequest) => {
  const reply: DeflateReply = { id, body: deflateSegment(new Uint8Array(data, start, end - start), last) };
  parentPort!.postMessage(reply);
});
