// Gzip members (gzip.ts) compressed on worker threads: the tarball of a 10,000-runbook bundle is
// two segments, ≈ 0.5 s of level-9 deflate on one thread, the largest step of the build after
// the check. The workers are started before the units are linked, so they are loaded by the time
// the tarball is; this thread compresses the first segment while they compress the rest. The
// bytes are the same as deflateHere()'s: each segment is a member of its own either way — and a
// segment a worker fails on (it crashed, ran out of memory, could not start) is compressed here.

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { DeflateReply, DeflateRequest } from './deflate-worker.js';
import { deflateHere, gzipMember, segmentsOf, type SegmentDeflater } from './gzip.js';

export interface DeflatePool {
  deflate: SegmentDeflater;
  /** Worker threads (0: this thread only). */
  threads: number;
  /** Stops the workers; pending segments fail. Always call it. */
  close(): Promise<void>;
}

const here: DeflatePool = { deflate: deflateHere, threads: 0, close: async () => {} };

/**
 * A pool for compressing about `bytes` of input: one worker per segment after the first, as
 * many as there are cores besides this thread's; none (this thread alone) for one segment, on
 * one core, or when running from TypeScript sources (workers load the compiled modules).
 * `worker`: the worker module (tests give one that fails).
 */
export function deflatePoolFor(bytes: number, worker = new URL('./deflate-worker.js', import.meta.url)): DeflatePool {
  const threads = Math.min(segmentsOf(bytes).length - 1, availableParallelism() - 1);
  if (threads < 1 || import.meta.url.endsWith('.ts')) return here;
  const workers: Worker[] = [];
  const pending = new Map<number, { resolve: (member: Uint8Array) => void; reject: (error: unknown) => void }>();
  let failure: unknown = null;
  const fail = (error: unknown) => {
    failure ??= error;
    for (const p of pending.values()) p.reject(failure);
    pending.clear();
  };
  const close = async () => {
    fail(new Error('the deflate pool was closed'));
    await Promise.all(workers.map((w) => w.terminate()));
  };
  try {
    for (let i = 0; i < threads; i++) {
      const w = new Worker(worker);
      workers.push(w);
      w.on('message', ({ id, member }: DeflateReply) => {
        pending.get(id)?.resolve(member);
        pending.delete(id);
      });
      w.on('error', fail);
      w.on('messageerror', fail);
      // Any exit while segments are pending fails them, a clean one included: never wait forever.
      w.on('exit', (code) => fail(new Error(`deflate worker exited with code ${code}`)));
    }
  } catch {
    // No thread to be had (a limit on threads or memory): this thread alone, the same bytes.
    void close();
    return here;
  }
  let nextId = 0;
  const onWorker = (w: Worker, data: SharedArrayBuffer, [start, end]: readonly [number, number]) =>
    new Promise<Uint8Array>((resolve, reject) => {
      if (failure !== null) return reject(failure);
      const id = nextId++;
      pending.set(id, { resolve, reject });
      const request: DeflateRequest = { id, data, start, end };
      w.postMessage(request);
    });
  const deflate: SegmentDeflater = async (data, segments) => {
    if (segments.length < 2) return deflateHere(data, segments);
    const shared = new Uint8Array(new SharedArrayBuffer(data.length));
    shared.set(data);
    // Segment 0 here, the others over the workers in turn; all sent before this thread works.
    const theirs = segments.slice(1).map((s, i) => onWorker(workers[i % workers.length]!, shared.buffer as SharedArrayBuffer, s));
    // A segment a worker could not compress is compressed here: the same bytes, only later. (And
    // should this thread throw first, the workers' rejections are handled.)
    const memberAt = (k: number) => gzipMember(shared.subarray(segments[k]![0], segments[k]![1]));
    const settled = theirs.map((p, i) => p.catch(() => memberAt(i + 1)));
    const first = memberAt(0);
    return [first, ...(await Promise.all(settled))];
  };
  return { deflate, threads, close };
}
