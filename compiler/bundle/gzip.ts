// gzip whose bytes depend only on the input. node:zlib cannot promise that: its deflate output
// changes with the bundled zlib version (nodejs/node#50138) and with hardware-accelerated builds
// (nodejs/node#44117), and its header's OS byte differs on Windows. fflate is pure JavaScript,
// so with its version pinned by the lockfile the bytes are the same on every machine; the
// header carries no name and no timestamp, and its OS byte is set to "unknown" (RFC 1952).
//
// The member is assembled from fflate's parts rather than by its gzipSync: fflate's header and
// its raw deflate stream (the same bytes gzipSync writes between header and trailer), and the
// trailer's CRC-32 from node:zlib when it has one (Node ≥ 20.15). A CRC-32 is a fixed function
// of the input, unlike deflate output, so any implementation gives the same four bytes; fflate
// computes it a byte at a time in JavaScript, ~70 ms of the build's serial tail for a 35 MB
// tarball, node:zlib in ~7 ms.

import { deflateSync, gzipSync } from 'fflate';
import * as zlib from 'node:zlib';

const OS_BYTE = 9;
const OS_UNKNOWN = 255;
const OPTIONS = { level: 9, mtime: 0 } as const;
/** fflate's header for OPTIONS (it does not depend on the data), with our OS byte. */
const HEADER = (() => {
  const header = gzipSync(new Uint8Array(0), OPTIONS).slice(0, 10);
  header[OS_BYTE] = OS_UNKNOWN;
  return header;
})();
const nativeCrc32 = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;

export function gzipDeterministic(data: Uint8Array): Uint8Array {
  if (!nativeCrc32) {
    const out = gzipSync(data, OPTIONS);
    out[OS_BYTE] = OS_UNKNOWN;
    return out;
  }
  const body = deflateSync(data, { level: OPTIONS.level });
  const out = new Uint8Array(HEADER.length + body.length + 8);
  out.set(HEADER, 0);
  out.set(body, HEADER.length);
  const trailer = new DataView(out.buffer, HEADER.length + body.length, 8);
  trailer.setUint32(0, nativeCrc32(data), true);
  trailer.setUint32(4, data.length >>> 0, true); // ISIZE: the length modulo 2^32
  return out;
}
