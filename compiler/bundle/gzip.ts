// gzip whose bytes depend only on the input. node:zlib cannot promise that: its deflate output
// changes with the bundled zlib version (nodejs/node#50138) and with hardware-accelerated builds
// (nodejs/node#44117), and its header's OS byte differs on Windows. fflate is pure JavaScript,
// so with its version pinned by the lockfile the bytes are the same on every machine; the
// header carries no name and no timestamp, and its OS byte is set to "unknown" (RFC 1952).
//
// Input over SEGMENT_BYTES is cut into segments, each written as a gzip member of its own, one
// after another (RFC 1952 § 2.2: a gzip file is a series of members; gunzip, node:zlib and Go's
// compress/gzip — which OPA reads bundles with — read them as one stream, as they read bgzip's
// files). So the segments can be compressed on separate threads (deflate-pool.ts) and still give
// the bytes that compressing them one after another here gives. Where the cuts fall depends only
// on the input's length, never on the machine. Input of one segment or less (every bundle under
// 16 MiB) is exactly fflate's gzipSync with our OS byte. (Segments of one deflate stream joined
// by sync flushes, as pigz writes, would save 18 bytes a cut, but fflate 0.8.3's sync flush
// misplaces its empty stored block for some inputs — fflate#267 — and the stream is corrupt.)
//
// Each member's CRC-32 is node:zlib's when it has one (Node ≥ 20.15): a CRC-32 is a fixed
// function of the input, unlike deflate output, so any implementation gives the same four bytes;
// the table-driven one below is for older Node (≈ 70 ms for a 35 MB tarball, native ≈ 7 ms).

import { deflateSync, gzipSync } from 'fflate';
import * as zlib from 'node:zlib';

/** Input bytes per gzip member. */
export const SEGMENT_BYTES = 16 * 1024 * 1024;

const LEVEL = 9;
const OS_BYTE = 9;
const OS_UNKNOWN = 255;
/** fflate's header for level 9 and mtime 0 (it does not depend on the data), with our OS byte. */
const HEADER = (() => {
  const header = gzipSync(new Uint8Array(0), { level: LEVEL, mtime: 0 }).slice(0, 10);
  header[OS_BYTE] = OS_UNKNOWN;
  return header;
})();

/** [start, end) of each segment of `length` bytes of input (one, possibly empty, at least). */
export function segmentsOf(length: number, segmentBytes = SEGMENT_BYTES): Array<readonly [number, number]> {
  const out: Array<readonly [number, number]> = [];
  for (let start = 0; start < length || out.length === 0; start += segmentBytes) out.push([start, Math.min(length, start + segmentBytes)]);
  return out;
}

/** One gzip member holding `data`: header, deflate stream, CRC-32 and length. */
export function gzipMember(data: Uint8Array): Uint8Array {
  const body = deflateSync(data, { level: LEVEL });
  const out = new Uint8Array(HEADER.length + body.length + 8);
  out.set(HEADER, 0);
  out.set(body, HEADER.length);
  const trailer = new DataView(out.buffer, HEADER.length + body.length, 8);
  trailer.setUint32(0, crc32(data), true);
  trailer.setUint32(4, data.length >>> 0, true); // ISIZE: the length modulo 2^32
  return out;
}

/** Compresses each segment of `data` (at `segments`, in order) into its gzip member. */
export type SegmentDeflater = (data: Uint8Array, segments: ReadonlyArray<readonly [number, number]>) => Promise<Uint8Array[]>;

/** This thread, one segment after another. */
export const deflateHere: SegmentDeflater = async (data, segments) => membersOf(data, segments);

function membersOf(data: Uint8Array, segments: ReadonlyArray<readonly [number, number]>): Uint8Array[] {
  return segments.map(([start, end]) => gzipMember(data.subarray(start, end)));
}

/** `segmentBytes`: for tests, which cannot afford 16 MiB inputs by the hundred. */
export function gzipDeterministic(data: Uint8Array, segmentBytes = SEGMENT_BYTES): Uint8Array {
  return Buffer.concat(membersOf(data, segmentsOf(data.length, segmentBytes)));
}

/** gzipDeterministic(data), its members compressed by `deflate` (the same bytes, by construction). */
export async function gzipWith(data: Uint8Array, deflate: SegmentDeflater, segmentBytes = SEGMENT_BYTES): Promise<Uint8Array> {
  return Buffer.concat(await deflate(data, segmentsOf(data.length, segmentBytes)));
}

const nativeCrc32 = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (ISO-HDLC, as gzip uses) in JavaScript, for Node without zlib.crc32. */
export function crc32Js(data: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function crc32(data: Uint8Array): number {
  return nativeCrc32 ? nativeCrc32(data) >>> 0 : crc32Js(data);
}
