// The Markdown body as mdast: unified + remark-parse + remark-frontmatter, so body positions are
// file positions. One processor per process; parsing is the dominant cost of `check`.
//
// micromark is super-linear on some input. Two shapes hang it from a small file and a runbook never
// needs them: deeply nested containers (`- - - - …` 4,000 deep, 8 KB, takes 15 s) and thousands of
// `*`/`_` in one paragraph (`*a` 40,000 times takes a minute). `markdownBudget` finds both with one
// linear scan before the parser runs; `deepestNode` stops trees too deep for the recursive walkers.

import type { Root } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import type { Position } from '../diagnostics/diagnostic.js';

const processor = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).freeze();

/** Block quotes and list items open on one line, or list levels by indentation. */
export const MAX_MARKDOWN_NESTING = 64;
/** `*` and `_` in one run of non-blank lines (a paragraph never spans a blank line); 2,000 in
 * one paragraph parse in about 0.3 s. Code fences are counted too: skipping them would need a
 * parser, and a guess could be steered around. */
export const MAX_EMPHASIS_MARKERS = 2000;
/** Depth of the mdast tree, so that recursive walkers never overflow the stack. */
export const MAX_MARKDOWN_TREE_DEPTH = 256;

export function parseMarkdown(text: string): Root {
  return processor.parse(text);
}

export type BudgetProblem = { kind: 'nesting' | 'emphasis'; at: Position };

/** The first place the body (from 1-based `fromLine`) breaks the budget, or undefined. */
export function markdownBudget(text: string, fromLine: number): BudgetProblem | undefined {
  const lines = text.split('\n');
  let markers = 0;
  let runStart = fromLine;
  const container = /[ \t]*(?:>|[-+*](?=[ \t]|$)|[0-9]{1,9}[.)](?=[ \t]|$))/y;
  for (let i = fromLine - 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') {
      markers = 0;
      runStart = i + 2;
      continue;
    }
    // Each level of list nesting by indentation needs at least two more columns.
    const indent = /^[ \t]*/.exec(line)![0].replace(/\t/g, '    ').length;
    let depth = 0;
    container.lastIndex = 0;
    while (container.test(line)) depth++;
    if (depth > 0) depth += Math.floor(indent / 2);
    if (depth > MAX_MARKDOWN_NESTING) return { kind: 'nesting', at: { line: i + 1, column: 1 } };
    for (let k = 0; k < line.length; k++) {
      const c = line.charCodeAt(k);
      if ((c === 0x2a || c === 0x5f) && ++markers > MAX_EMPHASIS_MARKERS) {
        return { kind: 'emphasis', at: { line: runStart, column: 1 } };
      }
    }
  }
  return undefined;
}

/** Start of the first node deeper than MAX_MARKDOWN_TREE_DEPTH, without recursion. */
export function deepestNode(root: Root): Position | undefined {
  const stack: Array<{ node: { children?: unknown[]; position?: { start: Position } }; depth: number }> = [{ node: root, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (depth > MAX_MARKDOWN_TREE_DEPTH) {
      const p = node.position?.start;
      return p ? { line: p.line, column: p.column } : { line: 1, column: 1 };
    }
    for (const child of node.children ?? []) stack.push({ node: child as typeof node, depth: depth + 1 });
  }
  return undefined;
}
