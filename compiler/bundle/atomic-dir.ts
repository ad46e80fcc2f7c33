// Replace an output directory all at once. Files are written into a fresh temporary directory
// beside the target (same file system, so rename is atomic), each fsynced, then the directory is
// swapped in with renames. Readers see the complete old set or the complete new set, never a mix
// or a partial file; if anything fails before the swap the target is untouched and the temporary
// directory is removed. (POSIX has no atomic swap of two directories, so between the two renames
// the target is briefly absent — never partial.)

import { randomBytes } from 'node:crypto';
import { chmod, lstat, mkdir, mkdtemp, open, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

export interface DirFile {
  name: string;
  bytes: Uint8Array;
}

/** The target holds files we would not write: replacing it could destroy someone's work. */
export class OutputDirError extends Error {
  override name = 'OutputDirError';
}

/**
 * Atomically makes `target` a directory holding exactly `files`. An existing target must be a
 * directory containing only names from `ownedNames` (a previous build), so that a mistyped
 * `--out .` can never wipe a project.
 */
export async function replaceDirAtomic(target: string, files: readonly DirFile[], ownedNames: readonly string[]): Promise<void> {
  const abs = resolve(target);
  for (const f of files) {
    if (f.name === '' || f.name === '.' || f.name === '..' || /[\\/]/.test(f.name)) throw new Error(`bad output file name ${JSON.stringify(f.name)}`);
  }
  const existed = await checkReplaceable(abs, ownedNames);
  const parent = dirname(abs);
  await mkdir(parent, { recursive: true });

  const tmp = await mkdtemp(join(parent, `.${basename(abs)}.tmp-`));
  try {
    for (const f of files) await writeDurably(join(tmp, f.name), f.bytes);
    await chmod(tmp, 0o755); // mkdtemp makes it 0700; the output is meant to be served
    await fsyncDir(tmp);
  } catch (error) {
    await rm(tmp, { recursive: true, force: true });
    throw error;
  }

  if (!existed) {
    await renameOrCleanUp(tmp, abs);
  } else {
    const old = join(parent, `.${basename(abs)}.old-${randomBytes(6).toString('hex')}`);
    await renameOrCleanUp(abs, old, tmp);
    try {
      await rename(tmp, abs);
    } catch (error) {
      await rename(old, abs); // put the previous build back
      await rm(tmp, { recursive: true, force: true });
      throw error;
    }
    await rm(old, { recursive: true, force: true });
  }
  await fsyncDir(parent);
}

async function checkReplaceable(abs: string, ownedNames: readonly string[]): Promise<boolean> {
  let stat;
  try {
    stat = await lstat(abs);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  if (!stat.isDirectory()) {
    throw new OutputDirError(`${abs} exists and is not a directory; choose another --out or remove it`);
  }
  const foreign = (await readdir(abs)).filter((name) => !ownedNames.includes(name));
  if (foreign.length > 0) {
    const shown = foreign.sort().slice(0, 5).join(', ') + (foreign.length > 5 ? ', …' : '');
    throw new OutputDirError(
      `${abs} holds files a build does not write (${shown}); the build replaces the whole directory, so choose a new or empty directory for --out`,
    );
  }
  return true;
}

async function writeDurably(path: string, bytes: Uint8Array): Promise<void> {
  const handle = await open(path, 'wx', 0o644);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Makes renames and new entries durable. Some platforms (Windows) cannot open a directory: skip there. */
async function fsyncDir(path: string): Promise<void> {
  let handle;
  try {
    handle = await open(path, 'r');
    await handle.sync();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL' && code !== 'EBADF') throw error;
  } finally {
    await handle?.close();
  }
}

async function renameOrCleanUp(from: string, to: string, tmp: string = from): Promise<void> {
  try {
    await rename(from, to);
  } catch (error) {
    await rm(tmp, { recursive: true, force: true });
    throw error;
  }
}
