// Bytes → text: the first gate every file passes. Rejects what is not a UTF-8 text runbook
// before any parser sees it; accepts a BOM and CRLF line ends.

import { isUtf8 } from 'node:buffer';
import { catalogDiagnostic, FILE_START } from '../diagnostics/make.js';
import type { Diagnostic, Span } from '../diagnostics/diagnostic.js';

export const MAX_FILE_BYTES = 1024 * 1024;

export type SourceResult = { ok: true; text: string } | { ok: false; diagnostic: Diagnostic };

export function decodeSource(file: string, bytes: Uint8Array, maxBytes = MAX_FILE_BYTES): SourceResult {
  if (bytes.length > maxBytes) {
    return fail(fileTooLarge(file, bytes.length, maxBytes));
  }
  // UTF-16 is text, just not UTF-8: say so rather than "binary" (its NULs would say that).
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    return fail(catalogDiagnostic('utf16-file', file, FILE_START, { bom: bytes[0] === 0xff ? 'FF FE, little-endian' : 'FE FF, big-endian' }));
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) return fail(catalogDiagnostic('binary-file', file, spanAtByte(bytes, nul), { offset: nul }));
  // isUtf8 is native and fast; the offset is only worked out for the rare bad file.
  const bad = isUtf8(bytes) ? -1 : firstInvalidUtf8(bytes);
  if (bad !== -1) return fail(catalogDiagnostic('invalid-utf8', file, spanAtByte(bytes, bad), { offset: bad }));
  let text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // CR LF and lone CR become LF so every later stage counts lines the same way.
  if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
  return { ok: true, text };
}

/** The size-limit finding, also given by check before reading a file it can size first. */
export function fileTooLarge(file: string, size: number, limit = MAX_FILE_BYTES): Diagnostic {
  return catalogDiagnostic('file-too-large', file, FILE_START, { size, limit });
}

function fail(diagnostic: Diagnostic): SourceResult {
  return { ok: false, diagnostic };
}

/** Line and column of a byte offset, counted like every other position: lines end at LF, CR LF
 * or a lone CR; columns are UTF-16 code units after the BOM (not bytes, which drift on "é"). */
function spanAtByte(bytes: Uint8Array, offset: number): Span {
  let line = 1;
  let lineStart = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  for (let i = lineStart; i < offset; i++) {
    if (bytes[i] === 0x0a || (bytes[i] === 0x0d && bytes[i + 1] !== 0x0a)) {
      line++;
      lineStart = i + 1;
    }
  }
  // The bytes before the offset on its line are whole characters (the first bad byte starts a
  // sequence); for a NUL after other bad bytes, U+FFFD stands in for each, close enough.
  const column = Buffer.from(bytes.buffer, bytes.byteOffset + lineStart, offset - lineStart).toString('utf8').length + 1;
  return { start: { line, column }, end: { line, column: column + 1 } };
}

/** Offset of the first byte that breaks UTF-8 (RFC 3629), or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}
