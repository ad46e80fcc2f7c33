// The content-hash cache for `check --cache`: per file, the sha-256 of its bytes and what
// checking it produced. The whole cache is dropped when anything that could change a result
// changes: Gatebook's version, the schema, the rule set, or the date (expiry rules).
//
// Like git's index, a file whose size and mtime match the cache entry is taken as unchanged
// without reading it, unless its mtime is too close to when the cache was written to be sure
// ("racy"); every other file is read and its content hash decides.

import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { MAX_FILE_BYTES } from '../parse/source.js';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../util/atomic-write.js';
import { VERSION } from '../version.js';
import { RULES } from '../rules/registry.js';
import { runbookSchemaText } from '../validate/schema.js';
import { sha256Hex, type FileOutcome } from './check-file.js';
import { unreadable } from './read.js';

export type CachedOutcome = Omit<FileOutcome, 'checked'> & { size?: number; mtimeMs?: number };

interface CacheFile {
  key: string;
  /** When the cache was written (ms since the epoch); entries modified after it are racy. */
  writtenAt: number;
  entries: Record<string, CachedOutcome>;
}

const FILE_NAME = 'check-cache.json';
/** mtime resolution is coarse on some file systems; closer than this to the write is "racy". */
const RACY_MS = 2000;
/** What an entry holds; bumped when that changes, so entries without a new field are not replayed. 2: `invalidId`. */
const FORMAT = 2;

export function cacheKey(today: string): string {
  return createHash('sha256')
    .update(JSON.stringify([FORMAT, VERSION, runbookSchemaText(), RULES.map((r) => `${r.meta.id}:${r.meta.severity}`), today]))
    .digest('hex');
}

export interface Cache {
  key: string;
  writtenAt: number;
  entries: Map<string, CachedOutcome>;
}

export function readCache(dir: string, key: string): Cache {
  try {
    const data = JSON.parse(readFileSync(join(dir, FILE_NAME), 'utf8')) as CacheFile;
    if (data.key === key && data.entries && typeof data.entries === 'object') {
      return { key, writtenAt: Number(data.writtenAt) || 0, entries: new Map(Object.entries(data.entries)) };
    }
  } catch {
    // No cache, or an unreadable one: start cold.
  }
  return { key, writtenAt: 0, entries: new Map() };
}

export interface Partition {
  /** Outcomes reused from the cache (or unreadable files). */
  done: CachedOutcome[];
  /** Files to check. */
  pending: string[];
  /** Size and mtime of every file seen, to store with its new entry. */
  stats: Map<string, { size: number; mtimeMs: number }>;
  /** Whether anything differs from what the cache holds. */
  changed: boolean;
}

export function partition(files: readonly string[], cwd: string, cache: Cache): Partition {
  const out: Partition = { done: [], pending: [], stats: new Map(), changed: files.length !== cache.entries.size };
  for (const file of files) {
    const path = resolve(cwd, file);
    const hit = cache.entries.get(file);
    let st;
    try {
      st = statSync(path);
    } catch (error) {
      out.done.push(unreadable(file, error));
      out.changed = true;
      continue;
    }
    const stat = { size: st.size, mtimeMs: st.mtimeMs };
    out.stats.set(file, stat);
    if (hit && hit.size === stat.size && hit.mtimeMs === stat.mtimeMs && stat.mtimeMs < cache.writtenAt - RACY_MS) {
      out.done.push(hit);
      continue;
    }
    out.changed = true;
    if (stat.size > MAX_FILE_BYTES) {
      out.pending.push(file); // reported from its size; never read into memory
      continue;
    }
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(path);
    } catch (error) {
      out.done.push(unreadable(file, error));
      continue;
    }
    if (hit && hit.sha256 === sha256Hex(bytes)) out.done.push({ ...hit, ...stat });
    else out.pending.push(file);
  }
  return out;
}

export function writeCache(dir: string, cache: Cache, outcomes: readonly CachedOutcome[], stats: Partition['stats']): void {
  mkdirSync(dir, { recursive: true });
  const entries: Record<string, CachedOutcome> = {};
  for (const o of outcomes) {
    if (!o.sha256) continue; // unreadable: nothing to reuse
    entries[o.file] = {
      file: o.file, sha256: o.sha256, diagnostics: o.diagnostics,
      ...(o.summary ? { summary: o.summary } : {}), ...(o.invalidId !== undefined ? { invalidId: o.invalidId } : {}),
      ...stats.get(o.file),
    };
  }
  writeFileAtomic(join(dir, FILE_NAME), JSON.stringify({ key: cache.key, writtenAt: Date.now(), entries } satisfies CacheFile));
}
