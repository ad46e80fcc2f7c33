// Reproducible .tar.gz: entries sorted by name, regular files only, mode 0644, uid/gid 0, no
// user or group names, one fixed mtime; compressed with our deterministic gzip. Reading is for
// `gatebook verify`: it accepts only regular files with safe names and bounds the unpacked size.

import { gunzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { deflateHere, gzipWith, type SegmentDeflater } from './gzip.js';

export interface ArchiveFile {
  /** Path inside the archive. OPA writes a leading `/`; so do we. */
  name: string;
  bytes: Uint8Array;
}

/** Unpacked size limit when reading: far above any real bundle, well below a decompression bomb. */
export const MAX_UNPACKED_BYTES = 256 * 1024 * 1024;

/** The archive of the files; `deflate` compresses its segments (gzip.ts; the bytes do not depend on it). */
export async function writeTarGz(files: readonly ArchiveFile[], mtimeSeconds: number, deflate: SegmentDeflater = deflateHere): Promise<Uint8Array> {
  const pack = tar.pack();
  const sorted = [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const chunks: Buffer[] = [];
  const collected = (async () => {
    for await (const chunk of pack) chunks.push(chunk as Buffer);
  })();
  for (const f of sorted) {
    await new Promise<void>((resolve, reject) => {
      pack.entry(
        { name: f.name, size: f.bytes.length, mode: 0o644, uid: 0, gid: 0, uname: '', gname: '', mtime: new Date(mtimeSeconds * 1000), type: 'file' },
        Buffer.from(f.bytes.buffer, f.bytes.byteOffset, f.bytes.length),
        (error) => (error ? reject(error) : resolve()),
      );
    });
  }
  pack.finalize();
  await collected;
  return gzipWith(Buffer.concat(chunks), deflate);
}

export class ArchiveError extends Error {
  override name = 'ArchiveError';
}

/** Regular files of a .tar.gz by name (a leading `/` removed, as OPA does); directories are skipped. */
export async function readTarGz(bytes: Uint8Array): Promise<Map<string, Uint8Array>> {
  let tarBytes: Buffer;
  try {
    tarBytes = gunzipSync(bytes, { maxOutputLength: MAX_UNPACKED_BYTES });
  } catch (error) {
    throw new ArchiveError(`not a readable gzip file (${(error as Error).message})`);
  }
  const extract = tar.extract();
  const files = new Map<string, Uint8Array>();
  const done = (async () => {
    for await (const entry of extract) {
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      const { name: raw, type } = entry.header;
      if (type === 'directory') continue;
      if (type !== 'file') throw new ArchiveError(`${raw} is a ${type}, expected only regular files`);
      const name = raw.replace(/^\/+/, '');
      if (name === '' || name.split('/').some((part) => part === '..' || part === '')) {
        throw new ArchiveError(`unsafe path ${JSON.stringify(raw)} in the archive`);
      }
      if (files.has(name)) throw new ArchiveError(`${name} appears twice in the archive`);
      files.set(name, Buffer.concat(chunks));
    }
  })();
  extract.end(tarBytes);
  try {
    await done;
  } catch (error) {
    if (error instanceof ArchiveError) throw error;
    throw new ArchiveError(`not a readable tar archive (${(error as Error).message})`);
  }
  return files;
}
