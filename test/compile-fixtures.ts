// Test helper: CheckedRunbook inputs read straight from files (frontmatter + js-yaml CORE schema),
// so compile and bundle tests do not depend on the check stage.

import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CORE_SCHEMA, load } from 'js-yaml';
import type { CheckedRunbook } from '../compiler/check/types.js';
import type { Runbook } from '../compiler/language/runbook.js';

export const ROOT = join(import.meta.dirname, '..');
export const FIXTURES = join(ROOT, 'test', 'fixtures', 'compile');

export function checkedFromText(file: string, text: string): CheckedRunbook {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(text);
  if (!m) throw new Error(`${file}: no frontmatter`);
  const runbook = load(m[1]!, { schema: CORE_SCHEMA }) as Runbook;
  const headings = [...text.slice(m[0].length).matchAll(/^(#{2,6})\s+(.+)$/gm)].map((h) => ({
    depth: h[1]!.length,
    text: h[2]!.trim(),
    line: 0,
  }));
  return { file, sha256: createHash('sha256').update(text).digest('hex'), runbook, headings };
}

/** Every *.md in a directory, sorted, with paths relative to the repository root. */
export function loadDir(dir: string): CheckedRunbook[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => {
      const path = join(dir, f);
      // LF-normalized, so a Windows checkout (autocrlf) hashes the same as the golden expects.
      return checkedFromText(relative(ROOT, path).split('\\').join('/'), readFileSync(path, 'utf8').replace(/\r\n/g, '\n'));
    });
}

/** Deep copies of the runbooks with `change` applied to the frontmatter of the one from `file`. */
export function editRunbook(runbooks: readonly CheckedRunbook[], file: string, change: (runbook: any) => void): CheckedRunbook[] {
  return runbooks.map((c) => {
    if (!c.file.endsWith(file)) return c;
    const copy = structuredClone(c);
    change(copy.runbook);
    return copy;
  });
}
