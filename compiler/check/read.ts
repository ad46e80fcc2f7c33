// Reading a runbook from disk. A file over the size limit is reported from its size alone: reading
// a stray multi-gigabyte file into memory just to say it is too big could exhaust memory.

import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import { catalogDiagnostic, FILE_START } from '../diagnostics/make.js';
import { fileTooLarge, MAX_FILE_BYTES } from '../parse/source.js';
import type { FileOutcome } from './check-file.js';

export function unreadable(file: string, error: unknown): FileOutcome {
  const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  return { file, sha256: '', diagnostics: [catalogDiagnostic('file-unreadable', file, FILE_START, { reason })] };
}

/** The file's bytes, or the outcome that says why there are none to check. */
export function readRunbook(file: string, path: string): Uint8Array | FileOutcome {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const { size } = fstatSync(fd);
    if (size > MAX_FILE_BYTES) return { file, sha256: '', diagnostics: [fileTooLarge(file, size)] };
    return readFileSync(fd);
  } catch (error) {
    return unreadable(file, error);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
