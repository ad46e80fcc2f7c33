// Replace an output directory all at once. Files are written into a fresh temporary directory
// beside the target (same file system, so rename is atomic), each fsynced, then the directory is
// swapped in with renames. Readers see the complete old set or the complete new set, never a mix
// or a partial file; if anything fails before the swap the target is untouched and the temporary
// directory is removed. (POSIX has no atomic swap of two directories, so between the two renames
// the target is briefly absent — never partial.)
//
// Interruptions: SIGINT, SIGTERM and SIGHUP arriving meanwhile wait until the swap is done or
// undone, then take effect (a second one cleans up at once and exits). What a harder stop (kill -9,
// power loss) leaves — a temporary directory, or the previous output set aside — is named with the
// host and pid of the process that made it, and the next build into the same place on that host
// removes or restores it once no such process is running (or the pid is this process's own, reused
// in a fresh container, and not one of its own directories). Another host's leftovers, on a shared
// disk, are left alone until they are a day old: its pids cannot be asked about from here.

import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { renameSync, rmSync, utimesSync } from 'node:fs';
import { chmod, lstat, mkdir, open, readdir, realpath, rename, rm, stat as fsStat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

export interface DirFile {
  name: string;
  bytes: Uint8Array;
}

/**
 * The target cannot be replaced as a whole: a link, a file, a mount point, or a directory holding
 * files we would not write (replacing it could destroy someone's work). `kind` and `params` say
 * which, for a caller that words it its own way (the CLI's error catalog).
 */
export class OutputDirError extends Error {
  override name = 'OutputDirError';
  constructor(
    message: string,
    readonly kind: 'symlink' | 'not-directory' | 'mount-point' | 'foreign',
    readonly params: Record<string, string>,
  ) {
    super(message);
  }
}

/**
 * Atomically makes `target` a directory holding exactly `files`. An existing target must be a
 * directory containing only names from `ownedNames` (a previous build), so that a mistyped
 * `--out .` can never wipe a project.
 */
export async function replaceDirAtomic(
  target: string, files: readonly DirFile[], ownedNames: readonly string[], hooks: { beforeWrite?: () => void } = {},
): Promise<void> {
  const abs = resolve(target);
  for (const f of files) {
    if (f.name === '' || f.name === '.' || f.name === '..' || /[\\/]/.test(f.name)) throw new Error(`bad output file name ${JSON.stringify(f.name)}`);
  }
  const parent = dirname(abs);
  await recoverInterrupted(parent, basename(abs));
  const existed = await checkReplaceable(abs, ownedNames);
  await mkdir(parent, { recursive: true });

  // What a second signal must undo at once: the temporary directory, and the previous output
  // while it is set aside.
  let tmp: string | null = null;
  let setAside: string | null = null;
  const mine: string[] = [];
  // A name for a temporary or set-aside directory (recoverInterrupted() reads it back), claimed
  // before it exists, so that a replace running meanwhile in this process never takes it for a leftover.
  const claim = (kind: 'tmp' | 'old'): string => {
    const path = join(parent, `.${basename(abs)}.${kind}-${process.pid}-${HOST}-${randomBytes(6).toString('hex')}`);
    ours.add(path);
    mine.push(path);
    return path;
  };
  const release = deferSignals(() => {
    if (setAside !== null) renameSync(setAside, abs);
    if (tmp !== null) rmSync(tmp, { recursive: true, force: true });
  });
  try {
    const made = claim('tmp');
    await mkdir(made, { mode: 0o700 });
    tmp = made;
    hooks.beforeWrite?.(); // tests: a signal arriving while the files are written
    try {
      for (const f of files) await writeDurably(join(made, f.name), f.bytes);
      await chmod(made, 0o755); // private while written; the output is meant to be served
      await fsyncDir(made);
    } catch (error) {
      await rm(made, { recursive: true, force: true });
      tmp = null;
      throw error;
    }
    // The swap is synchronous: a signal handler then runs before or after each rename, never
    // while one is under way on another thread, so `setAside` and `tmp` are always what is on disk.
    if (!existed) {
      renameOrCleanUp(made, abs);
      tmp = null;
    } else {
      const old = claim('old');
      // Dated now, before it is set aside (a rename keeps mtime): never a day-old leftover.
      const now = new Date();
      try {
        utimesSync(abs, now, now);
      } catch {
        /* best effort: a file system that refuses it leaves only the day-old rule less exact */
      }
      try {
        renameOrCleanUp(abs, old, made);
      } catch (error) {
        // A bind mount shares its parent's device, so checkReplaceable() cannot see it coming.
        if ((error as NodeJS.ErrnoException).code === 'EBUSY') throw mountPoint(abs);
        throw error;
      }
      setAside = old;
      try {
        renameSync(made, abs);
        tmp = null;
      } catch (error) {
        renameSync(old, abs); // put the previous build back
        setAside = null;
        rmSync(made, { recursive: true, force: true });
        tmp = null;
        throw error;
      }
      setAside = null;
      // The new output is in place: failing to tidy up now must not be reported as a failed
      // build (what is left is removed by the next one).
      await rm(old, { recursive: true, force: true }).catch(() => undefined);
    }
    await fsyncDir(parent).catch(() => undefined);
  } finally {
    release();
    for (const path of mine) ours.delete(path);
  }
}

/** This host, short: leftovers on a disk several hosts share name the host that made them. */
const HOST = createHash('sha256').update(hostname()).digest('hex').slice(0, 8);
/** Temporary and set-aside directories this process made (and may still be using). */
const ours = new Set<string>();

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const SIGNAL_NUMBERS = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 } as const;

/**
 * Holds SIGINT, SIGTERM and SIGHUP until release(), then lets the first one take effect. Only a
 * signal nobody else listens for is held: a program with its own handlers shuts down its way.
 * A second signal runs `undo` and exits at once, as the signal would (128 + its number).
 */
function deferSignals(undo: () => void): () => void {
  let pending: (typeof SIGNALS)[number] | null = null;
  const handlers = new Map<(typeof SIGNALS)[number], () => void>();
  for (const signal of SIGNALS) {
    if (process.listenerCount(signal) > 0) continue;
    const handler = () => {
      if (pending === null) {
        pending = signal;
        return;
      }
      try {
        undo();
      } finally {
        process.exit(128 + SIGNAL_NUMBERS[signal]);
      }
    };
    handlers.set(signal, handler);
    process.on(signal, handler);
  }
  return () => {
    for (const [signal, handler] of handlers) process.off(signal, handler);
    // Raised again with no handler left: the default action ends the process as the signal would.
    if (pending !== null) process.kill(process.pid, pending);
  };
}

/** Whether a process with this pid exists (EPERM: it does, someone else's). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Puts back what an interrupted replace of `target` set aside, before anything else is decided:
 * a build that then fails its check must not leave the output missing. Best effort: the replace
 * itself recovers again, and reports what it cannot do.
 */
export async function recoverOutput(target: string): Promise<void> {
  const abs = resolve(target);
  await recoverInterrupted(dirname(abs), basename(abs)).catch(() => undefined);
}

/**
 * What an earlier build into `parent/base` left when it was stopped hard: its temporary directory
 * is removed, and the previous output it had set aside is put back if nothing took its place (else
 * removed). Only for processes that are gone: a build still running keeps its own.
 */
async function recoverInterrupted(parent: string, base: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(parent);
  } catch {
    return; // no parent yet: nothing to recover
  }
  const prefix = `.${base}.`;
  for (const name of names.sort()) {
    if (!name.startsWith(prefix)) continue;
    const m = /^(tmp|old)-([0-9]+)-([0-9a-f]{8})-/.exec(name.slice(prefix.length));
    if (m === null) continue;
    const path = join(parent, name);
    const pid = Number(m[2]);
    if (ours.has(path)) continue;
    // A leftover a day old is one whatever made it: no build runs that long, and a container's
    // next run has another host name. Else only this host's, once its process is gone (our own
    // pid on a directory we did not make: an earlier process that had it, in a container).
    const old = Date.now() - (await changedMs(path)) > STALE_MS;
    if (!old && (m[3] !== HOST || (pid !== process.pid && alive(pid)))) continue;
    if (m[1] === 'old' && !(await exists(join(parent, base)))) await rename(path, join(parent, base));
    else await rm(path, { recursive: true, force: true });
  }
}

const STALE_MS = 24 * 60 * 60 * 1000;

/** The entry's mtime (a set-aside output is re-dated when it is set aside: a rename keeps mtime). */
async function changedMs(path: string): Promise<number> {
  try {
    return (await lstat(path)).mtimeMs;
  } catch {
    return Date.now();
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}

async function checkReplaceable(abs: string, ownedNames: readonly string[]): Promise<boolean> {
  let stat;
  try {
    stat = await lstat(abs);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  if (stat.isSymbolicLink()) {
    // Renaming over a link would replace the link, not the directory it points to.
    const target = await realpath(abs).then((real) => `to ${real}`, () => 'to nothing: it dangles');
    throw new OutputDirError(`${abs} is a symbolic link (${target}); the build replaces its output directory as a whole, so give --out the real directory`, 'symlink', { path: abs, target });
  }
  if (!stat.isDirectory()) {
    throw new OutputDirError(`${abs} exists and is not a directory; choose another --out or remove it`, 'not-directory', { path: abs });
  }
  // The parent followed (stat, not lstat): a parent that is a link to another file system is not
  // a mount point of the target.
  if (stat.dev !== (await fsStat(dirname(abs))).dev) throw mountPoint(abs);
  const foreign = (await readdir(abs)).filter((name) => !ownedNames.includes(name));
  if (foreign.length > 0) {
    const shown = foreign.sort().slice(0, 5).join(', ') + (foreign.length > 5 ? ', …' : '');
    throw new OutputDirError(
      `${abs} holds files a build does not write (${shown}); the build replaces the whole directory, so choose a new or empty directory for --out`,
      'foreign', { path: abs, files: shown },
    );
  }
  return true;
}

/** A mount point (a volume, an emptyDir) cannot be renamed, and the build swaps its output in by renaming. */
export function mountPoint(abs: string): OutputDirError {
  const inside = join(abs, 'bundle');
  return new OutputDirError(`${abs} is a mount point (or in use), and the build replaces its output directory as a whole by renaming it; give --out a directory inside it, such as ${inside}`, 'mount-point', { path: abs, inside });
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

function renameOrCleanUp(from: string, to: string, tmp: string = from): void {
  try {
    renameSync(from, to);
  } catch (error) {
    rmSync(tmp, { recursive: true, force: true });
    throw error;
  }
}
