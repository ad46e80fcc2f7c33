// Git blob ids of file bytes, so the build can tell whether the runbooks it compiled are exactly
// a commit's (bundle/revision.ts) from the bytes the check workers read, without reading them again.

import { createHash } from 'node:crypto';

/**
 * The ids git may have stored the bytes under: as they are, and — for text whose every CR ends a
 * CRLF line end — with LF ends, as a checkout with core.autocrlf (Git for Windows' default) commits
 * them. The compiler reads those two alike (parse/source.ts turns CRLF and a lone CR into LF); a
 * lone CR would not survive as the same text in the LF form (`\r\r\n` becomes `\r\n`, one line
 * end where the file had two), so text holding one has only its own id.
 */
export function gitBlobIds(bytes: Uint8Array, format: 'sha1' | 'sha256' = 'sha1'): string[] {
  const id = (b: Uint8Array) => createHash(format).update(`blob ${b.byteLength}\0`).update(b).digest('hex');
  const ids = [id(bytes)];
  if (bytes.includes(13)) {
    const text = Buffer.from(bytes).toString('latin1');
    if (!/\r(?!\n)/.test(text)) ids.push(id(Buffer.from(text.replace(/\r\n/g, '\n'), 'latin1')));
  }
  return ids;
}

