// The parse stage: bytes → a document (frontmatter data, Markdown tree, lazy positions), or the
// diagnostic that says why the file is not a runbook at all.

import type { Root } from 'mdast';
import type { Diagnostic, Position } from '../diagnostics/diagnostic.js';
import { catalogDiagnostic } from '../diagnostics/make.js';
import { splitFrontmatter, type Frontmatter } from './frontmatter.js';
import { createLocator, type Locator } from './locate.js';
import { deepestNode, markdownBudget, MAX_EMPHASIS_MARKERS, MAX_MARKDOWN_NESTING, MAX_MARKDOWN_TREE_DEPTH, parseMarkdown } from './markdown.js';
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
  // Bodies that would hang the Markdown parser, or overflow the stack of a rule walking the tree.
  const at = (p: Position) => ({ start: p, end: { line: p.line, column: p.column + 1 } });
  const budget = markdownBudget(text, fm.closeLine + 1);
  if (budget) {
    const code = budget.kind === 'nesting' ? 'markdown-too-deep' : 'markdown-too-complex';
    const limit = budget.kind === 'nesting' ? MAX_MARKDOWN_NESTING : MAX_EMPHASIS_MARKERS;
    return { ok: false, diagnostics: [catalogDiagnostic(code, file, at(budget.at), { limit })] };
  }
  // remark spends as long per character of frontmatter as of body, and js-yaml has already read
  // the frontmatter: blank its lines (keeping the fences, so remark-frontmatter still marks it)
  // and every body line and column stays where it is in the file.
  const markdown = parseMarkdown(blankFrontmatter(text, fm));
  const deep = deepestNode(markdown);
  if (deep) return { ok: false, diagnostics: [catalogDiagnostic('markdown-too-deep', file, at(deep), { limit: MAX_MARKDOWN_TREE_DEPTH })] };
  return {
    ok: true,
    document: { file, text, frontmatter: fm, data: loaded.data, markdown, locator },
  };
}

/** The text with the YAML between the fences replaced by as many empty lines. */
export function blankFrontmatter(text: string, fm: Frontmatter): string {
  const lines = fm.closeLine - fm.yamlLine;
  return text.slice(0, fm.yamlOffset) + '\n'.repeat(lines) + text.slice(fm.yamlOffset + fm.yaml.length);
}
