// The parse stage: bytes → a document (frontmatter data, Markdown tree, lazy positions), or the
// diagnostic that says why the file is not a runbook at all.

import type { Root } from 'mdast';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { splitFrontmatter, type Frontmatter } from './frontmatter.js';
import { createLocator, type Locator } from './locate.js';
import { parseMarkdown } from './markdown.js';
import { decodeSource } from './source.js';
import { loadYaml } from './yaml.js';

export interface ParsedDocument {
  file: string;
  text: string;
  frontmatter: Frontmatter;
  /** The frontmatter as plain data (not yet validated). */
  data: Record<string, unknown>;
  markdown: Root;
  locator: Locator;
}

export type ParseResult = { ok: true; document: ParsedDocument } | { ok: false; diagnostics: Diagnostic[] };

export function parseRunbook(file: string, bytes: Uint8Array): ParseResult {
  const source = decodeSource(file, bytes);
  if (!source.ok) return { ok: false, diagnostics: [source.diagnostic] };
  const text = source.text;
  const split = splitFrontmatter(file, text);
  if (!split.ok) return { ok: false, diagnostics: [split.diagnostic] };
  const fm = split.frontmatter;
  const locator = createLocator(fm);
  const loaded = loadYaml(file, fm);
  if (!loaded.ok) {
    const d = loaded.diagnostic;
    if (loaded.path) {
      const span = locator.locate(loaded.path, 'value');
      Object.assign(d, { line: span.start.line, column: span.start.column, endLine: span.end.line, endColumn: span.end.column });
    }
    return { ok: false, diagnostics: [d] };
  }
  return {
    ok: true,
    document: { file, text, frontmatter: fm, data: loaded.data, markdown: parseMarkdown(text), locator },
  };
}
