// What the commands say about file-system errors, in one place: which errno codes are the
// user's to fix (a usage error, exit 2) rather than a bug, and how a path is shown.

import { relative } from 'node:path';
import { UsageError } from './command.js';

/** errno codes a user fixes, in words. */
const FS_CODES = new Map([
  ['EACCES', 'permission denied'], ['EPERM', 'operation not permitted'], ['EROFS', 'read-only file system'],
  ['ENOSPC', 'no space left'], ['EDQUOT', 'disk quota exceeded'], ['ENOTDIR', 'a part of the path is a file'],
  ['EISDIR', 'is a directory'], ['EBUSY', 'in use'], ['ENAMETOOLONG', 'name too long'], ['EXDEV', 'crosses file systems'], ['EEXIST', 'already exists'],
  ['ELOOP', 'too many symbolic links (a link loop?)'],
  ['ENOENT', 'a part of it vanished while the output was written; is another command writing to the same place?'],
  ['ENOTEMPTY', 'it changed while the output was written; is another command writing to the same place?'],
]);

/** The errno code of an error a user fixes, or null (then it is a bug: let it through). */
function userFsCode(error: unknown): string | null {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' && FS_CODES.has(code) ? code : null;
}

/** The usage error for an output that could not be written; null when the error is not one. */
export function outputUnwritable(error: unknown, shownPath: string): UsageError | null {
  const code = userFsCode(error);
  return code === null ? null : new UsageError('cli-output-unwritable', { path: shownPath, code, meaning: FS_CODES.get(code) });
}

/**
 * The usage error for an input file that could not be read: a directory where a file belongs,
 * or any errno code (a missing file, no permission).
 */
export function inputUnreadable(error: unknown, what: string, path: string): UsageError {
  const code = (error as NodeJS.ErrnoException | null)?.code ?? 'error';
  return code === 'EISDIR' ? new UsageError('cli-file-is-directory', { what, path }) : new UsageError('cli-file-unreadable', { what, path, code });
}

/** A path as the user would type it from cwd: relative below it, absolute elsewhere. */
export function display(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel === '' ? '.' : rel.startsWith('..') ? path : rel;
}
