// The parse stage: bytes → a document (frontmatter data, Markdown tree, lazy positions), or the
// diagnostic that says why the file is not a runbook at all.

import type { Root } from 'mdast';
import type { Diagnostic, Position } from '../diagnostics/diagnostic.js';
import { catalogDiagnostic } from '../diagnostics/make.js';
import { splitFrontmatter, type Frontmatter } from './frontmatter.js';
import { createLocator, type Locator } from './locate.js';
import { deepestNode, markdownBudget, MAX_EMPHASIS_MARKERS, MAX_MARKDOWN_NESTING, MAX_MARKDOWN_TREE_DEPTH, parseMarkdown } from './markdown.js';
import { outlineMarkdown, type Outline } from './outline.js';
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

/** What `check` parses: the body's outline (headings, links) instead of its whole tree. */
export type OutlinedDocument = Omit<ParsedDocument, 'markdown'> & { outline: Outline };

export type ParseResult = { ok: true; document: ParsedDocument } | { ok: false; diagnostics: Diagnostic[] };
export type OutlineResult = { ok: true; document: OutlinedDocument } | { ok: false; diagnostics: Diagnostic[] };

type Front = { ok: true; document: Omit<ParsedDocument, 'markdown'> } | { ok: false; diagnostics: Diagnostic[] };

export function parseRunbook(file: string, bytes: Uint8Array): ParseResult {
  const front = parseFront(file, bytes);
  if (!front.ok) return front;
  const markdown = parseMarkdown(markdownText(front.document));
  const deep = deepestNode(markdown);
  if (deep) return tooDeep(file, deep);
  return { ok: true, document: { ...front.document, markdown } };
}

/** parseRunbook without the mdast: the same diagnostics, and the outline check needs. */
export function parseRunbookOutline(file: string, bytes: Uint8Array): OutlineResult {
  const front = parseFront(file, bytes);
  if (!front.ok) return front;
  const outline = outlineOf(front.document);
  // Only a body whose tree might be too deep is parsed in full, to report the node parseRunbook does.
  if (outline.depthBound > MAX_MARKDOWN_TREE_DEPTH) {
    const deep = deepestNode(parseMarkdown(markdownText(front.document)));
    if (deep) return tooDeep(file, deep);
  }
  return { ok: true, document: { ...front.document, outline } };
}

/** The outline of the Markdown remark would read (markdownText), from the body alone when
 * remark-frontmatter takes the same lines for frontmatter: an opening fence of `---` and spaces
 * or tabs (splitFrontmatter also accepts other trailing white space; remark-frontmatter does
 * not), and the same closing fence. */
export function outlineOf(doc: Pick<ParsedDocument, 'text' | 'frontmatter'>): Outline {
  const { text, frontmatter: fm } = doc;
  if (!/^---[ \t]*\n/.test(text)) return outlineMarkdown(markdownText(doc));
  const eol = text.indexOf('\n', fm.yamlOffset + fm.yaml.length);
  const offset = eol === -1 ? text.length : eol + 1;
  return outlineMarkdown(text.slice(offset), { line: fm.closeLine + 1, offset, frontmatterEndLine: fm.closeLine });
}

/** Everything up to the Markdown parser: decoding, frontmatter, YAML, and the body's budget. */
function parseFront(file: string, bytes: Uint8Array): Front {
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
  // Bodies that would hang the Markdown parser.
  const budget = markdownBudget(text, fm.closeLine + 1);
  if (budget) {
    const code = budget.kind === 'nesting' ? 'markdown-too-deep' : 'markdown-too-complex';
    const limit = budget.kind === 'nesting' ? MAX_MARKDOWN_NESTING : MAX_EMPHASIS_MARKERS;
    return { ok: false, diagnostics: [catalogDiagnostic(code, file, at(budget.at), { limit })] };
  }
  return { ok: true, document: { file, text, frontmatter: fm, data: loaded.data, locator } };
}

/** Trees too deep for the recursive walkers (rules, renderers) to walk without overflowing. */
function tooDeep(file: string, deep: Position): { ok: false; diagnostics: Diagnostic[] } {
  return { ok: false, diagnostics: [catalogDiagnostic('markdown-too-deep', file, at(deep), { limit: MAX_MARKDOWN_TREE_DEPTH })] };
}

function at(p: Position) {
  return { start: p, end: { line: p.line, column: p.column + 1 } };
}

/** What the Markdown parser reads. remark spends as long per character of frontmatter as of
 * body, and js-yaml has already read the frontmatter: its lines are blanked (keeping the fences,
 * so remark-frontmatter still marks it) and every body line and column stays where it is. */
export function markdownText(doc: Pick<ParsedDocument, 'text' | 'frontmatter'>): string {
  return blankFrontmatter(doc.text, doc.frontmatter);
}

/** The text with the YAML between the fences replaced by as many empty lines. */
export function blankFrontmatter(text: string, fm: Frontmatter): string {
  const lines = fm.closeLine - fm.yamlLine;
  return text.slice(0, fm.yamlOffset) + '\n'.repeat(lines) + text.slice(fm.yamlOffset + fm.yaml.length);
}
