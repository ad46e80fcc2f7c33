// gzip whose bytes depend only on the input. node:zlib cannot promise that: its deflate output
// changes with the bundled zlib version (nodejs/node#50138) and with hardware-accelerated builds
// (nodejs/node#44117), and its header's OS byte differs on Windows. fflate is pure JavaScript,
// so with its version pinned by the lockfile the bytes are the same on every machine; the
// header carries no name and no timestamp, and its OS byte is set to "unknown" (RFC 1952).

import { gzipSync } from 'fflate';

const OS_BYTE = 9;
const OS_UNKNOWN = 255;

export function gzipDeterministic(data: Uint8Array): Uint8Array {
  const out = gzipSync(data, { level: 9, mtime: 0 });
  out[OS_BYTE] = OS_UNKNOWN;
  return out;
}
