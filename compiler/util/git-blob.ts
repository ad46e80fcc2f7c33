// Git blob ids of file bytes, so the build can tell whether the runbooks it compiled are exactly
// a commit's (bundle/revision.ts) from the bytes the check workers read, without reading them again.

import { createHash } from 'node:crypto';

/**
 * The ids git may have stored the bytes under: as they are, and — for text with CRLF line ends —
 * with LF ends, as a checkout with core.autocrlf (Git for Windows' default) commits them. The
 * compiler reads both alike (it normalizes line ends), so both are the commit's runbook.
 */
export function gitBlobIds(bytes: Uint8Array, format: 'sha1' | 'sha256' = 'sha1'): string[] {
  const id = (b: Uint8Array) => createHash(format).update(`blob ${b.byteLength}\0`).update(b).digest('hex');
  const ids = [id(bytes)];
  if (bytes.includes(13)) {
    const lf = Buffer.from(Buffer.from(bytes).toString('latin1').replace(/\r\n/g, '\n'), 'latin1');
    if (lf.byteLength !== bytes.byteLength) ids.push(id(lf));
  }
  return ids;
}

