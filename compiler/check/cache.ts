// The content-hash cache for `check --cache`: per file, the sha-256 of its bytes and what
// checking it produced. The whole cache is dropped when anything that could change a result
// changes: Gatebook's version, the schema, the rule set, or the date (expiry rules).

import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic-write.js';
import { VERSION } from '../version.js';
import { RULES } from '../rules/registry.js';
import { runbookSchemaText } from '../validate/schema.js';
import type { FileOutcome } from './check-file.js';

export type CachedOutcome = Omit<FileOutcome, 'checked'>;

interface CacheFile {
  key: string;
  entries: Record<string, CachedOutcome>;
}

const FILE_NAME = 'check-cache.json';

export function cacheKey(today: string): string {
  return createHash('sha256')
    .update(JSON.stringify([VERSION, runbookSchemaText(), RULES.map((r) => `${r.meta.id}:${r.meta.severity}`), today]))
    .digest('hex');
}

export function readCache(dir: string, key: string): Map<string, CachedOutcome> {
  try {
    const data = JSON.parse(readFileSync(join(dir, FILE_NAME), 'utf8')) as CacheFile;
    if (data.key === key && data.entries && typeof data.entries === 'object') return new Map(Object.entries(data.entries));
  } catch {
    // No cache, or an unreadable one: start cold.
  }
  return new Map();
}

export function writeCache(dir: string, key: string, outcomes: readonly CachedOutcome[]): void {
  mkdirSync(dir, { recursive: true });
  const entries: Record<string, CachedOutcome> = {};
  for (const o of outcomes) entries[o.file] = { file: o.file, sha256: o.sha256, diagnostics: o.diagnostics, ...(o.summary ? { summary: o.summary } : {}) };
  writeFileAtomic(join(dir, FILE_NAME), JSON.stringify({ key, entries } satisfies CacheFile));
}
