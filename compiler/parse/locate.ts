// Source positions for a path into the frontmatter, computed only when a finding needs one.
// js-yaml (the fast path) keeps no positions; the `yaml` package keeps a range for every node
// but parses about 11x slower, so it runs once per file with findings, never for clean files.

import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { Span } from '../diagnostics/diagnostic.js';
import type { Frontmatter } from './frontmatter.js';
import type { Path } from './yaml.js';

export type Target = 'key' | 'value';

export interface Locator {
  /** The span of the key or value at `path`; the deepest existing ancestor when it is missing. */
  locate(path: Path, target?: Target): Span;
}

export function createLocator(fm: Frontmatter): Locator {
  let state: { doc: ReturnType<typeof parseDocument>; lines: LineCounter } | null | undefined;
  const fallback: Span = { start: { line: fm.yamlLine - 1, column: 1 }, end: { line: fm.yamlLine - 1, column: 4 } };
  const init = () => {
    if (state !== undefined) return state;
    try {
      const lines = new LineCounter();
      const doc = parseDocument(fm.yaml, { lineCounter: lines, uniqueKeys: false, strict: false, prettyErrors: false });
      state = { doc, lines };
    } catch {
      state = null; // absurd nesting: positions fall back to the opening fence
    }
    return state;
  };
  const toSpan = (s: NonNullable<typeof state>, range: readonly [number, number, number] | null | undefined): Span => {
    if (!range) return fallback;
    const a = s.lines.linePos(range[0]);
    const b = s.lines.linePos(Math.max(range[0], range[1]));
    return {
      start: { line: a.line + fm.yamlLine - 1, column: a.col },
      end: { line: b.line + fm.yamlLine - 1, column: b.col },
    };
  };
  return {
    locate(path, target = 'value') {
      const s = init();
      if (!s) return fallback;
      let node: Node | null = s.doc.contents as Node | null;
      // Where to point when the path runs out: the key of the last pair found, or the node.
      let best: readonly [number, number, number] | null | undefined = firstLineRange(s.doc.contents as Node | null);
      for (let i = 0; i < path.length; i++) {
        const seg = path[i]!;
        const last = i === path.length - 1;
        if (isMap(node)) {
          const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
          if (!pair) break;
          const key = pair.key as Node;
          const value = pair.value as Node | null;
          best = last && target === 'value' && value ? value.range : key.range;
          node = value;
        } else if (isSeq(node) && typeof seg === 'number') {
          const item = node.items[seg] as Node | undefined;
          if (!item) break;
          best = item.range;
          node = item;
        } else {
          break;
        }
        if (isAlias(node)) break;
      }
      return toSpan(s, best);
    },
  };
}

/** For the root: point at the first key rather than at the whole document. */
function firstLineRange(node: Node | null): readonly [number, number, number] | null | undefined {
  if (isMap(node)) {
    const first = node.items[0];
    if (first && isPair(first)) return (first.key as Node | null)?.range;
  }
  return node?.range;
}
