// YAML → plain data, safely. js-yaml 4 with the core schema: no custom tags (so nothing is ever
// constructed or executed), no timestamps (dates stay text), no merge keys, duplicate keys
// rejected. It is the fast path; positions come later, and only for files with findings
// (see locate.ts). Aliases are not expanded by js-yaml (they share objects), so a bounded walk
// over the result stops alias bombs before any later stage traverses them.

import yaml from 'js-yaml';
import { catalogDiagnostic } from '../diagnostics/make.js';
import type { Diagnostic, Span } from '../diagnostics/diagnostic.js';
import type { Frontmatter } from './frontmatter.js';

export const MAX_YAML_NODES = 100_000;
export const MAX_YAML_DEPTH = 64;

export type Path = Array<string | number>;

export type YamlResult =
  | { ok: true; data: Record<string, unknown> }
  | { ok: false; diagnostic: Diagnostic; path?: Path };

export function loadYaml(file: string, fm: Frontmatter): YamlResult {
  let data: unknown;
  try {
    // js-yaml 4.3 stops at `maxDepth` (default 100) with a plain YAMLException; set it just past
    // our own budget so absurd nesting ends early and reads as `yaml-too-deep`, not a syntax error.
    const options: yaml.LoadOptions & { maxDepth: number } = { schema: yaml.CORE_SCHEMA, filename: file, maxDepth: MAX_YAML_DEPTH + 2 };
    data = yaml.load(fm.yaml, options);
  } catch (error) {
    return { ok: false, diagnostic: yamlErrorDiagnostic(file, fm, error) };
  }
  const shape = describeShape(data);
  if (shape !== 'a mapping') {
    return {
      ok: false,
      diagnostic: catalogDiagnostic('frontmatter-not-mapping', file,
        { start: { line: fm.yamlLine, column: 1 }, end: { line: fm.yamlLine, column: 1 } }, { found: shape }),
    };
  }
  const bounds = checkBounds(data);
  if (bounds) {
    const code = bounds.kind === 'depth' ? 'yaml-too-deep' : 'yaml-alias-budget';
    const limit = bounds.kind === 'depth' ? MAX_YAML_DEPTH : MAX_YAML_NODES;
    return {
      ok: false,
      path: bounds.path,
      diagnostic: catalogDiagnostic(code, file, { start: { line: fm.yamlLine, column: 1 }, end: { line: fm.yamlLine, column: 1 } }, { limit }),
    };
  }
  return { ok: true, data: data as Record<string, unknown> };
}

function describeShape(data: unknown): string {
  if (data === null || data === undefined) return 'empty';
  if (Array.isArray(data)) return 'a list';
  if (typeof data === 'object') return 'a mapping';
  return `a single ${typeof data} value`;
}

/** Walks the data as if aliases were expanded, giving up past the node or depth budget. */
function checkBounds(root: unknown): { kind: 'depth' | 'nodes'; path: Path } | undefined {
  let visited = 0;
  const path: Path = [];
  const walk = (value: unknown, depth: number): 'depth' | 'nodes' | undefined => {
    if (++visited > MAX_YAML_NODES) return 'nodes';
    if (value === null || typeof value !== 'object') return undefined;
    if (depth > MAX_YAML_DEPTH) return 'depth';
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        path.push(i);
        const r = walk(value[i], depth + 1);
        if (r) return r;
        path.pop();
      }
    } else {
      for (const key of Object.keys(value)) {
        path.push(key);
        const r = walk((value as Record<string, unknown>)[key], depth + 1);
        if (r) return r;
        path.pop();
      }
    }
    return undefined;
  };
  const kind = walk(root, 0);
  return kind ? { kind, path: [...path] } : undefined;
}

/** A plain or quoted key at `column` (1-based) of `line`: `name` in `name: x` or `{ name: x`. */
function keyAt(line: string, column: number): string | null {
  const m = /^(?:"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)'|([^\s:,{}[\]#'"][^:,{}[\]#]*?))\s*:(?:\s|$)/.exec(line.slice(column - 1));
  if (!m) return null;
  return m[1] ?? m[2]?.replace(/''/g, "'") ?? m[3]!.trimEnd();
}

/**
 * The duplicate key by name, and where it first appeared when that is plain to see: an earlier
 * line of the same block mapping (same indentation, no shallower line between) starting with it,
 * or earlier on the same line in a flow mapping.
 */
function duplicateKey(file: string, fm: Frontmatter, span: Span, markLine: number, column: number): Diagnostic {
  const lines = fm.yaml.split('\n');
  const text = lines[markLine] ?? '';
  const key = keyAt(text, column);
  let first = '';
  if (key !== null) {
    const indent = column - 1;
    const flow = new RegExp(`([{,]\\s*)${escapeRegExp(key)}\\s*:`).exec(text.slice(0, indent));
    if (flow) first = ` (first at column ${flow.index + flow[1]!.length + 1})`;
    else if (/^\s*$/.test(text.slice(0, indent))) {
      for (let l = markLine - 1; l >= 0; l--) {
        const other = lines[l]!;
        if (other.trim() === '' || other.trimStart().startsWith('#')) continue;
        const otherIndent = other.length - other.trimStart().length;
        if (otherIndent < indent) break;
        if (otherIndent === indent && keyAt(other, indent + 1) === key) {
          first = ` (first on line ${fm.yamlLine + l})`;
          break;
        }
      }
    }
  }
  return catalogDiagnostic('yaml-duplicate-key', file, span, { key: key === null ? 'A key' : `\`${key}\``, first });
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface YamlExceptionLike {
  name: string;
  reason?: string;
  message: string;
  mark?: { line: number; column: number; position?: number };
}

function yamlErrorDiagnostic(file: string, fm: Frontmatter, error: unknown): Diagnostic {
  const e = error as YamlExceptionLike;
  // A stack overflow inside js-yaml means absurd nesting, not a bug in the file's syntax.
  if (error instanceof RangeError) {
    return catalogDiagnostic('yaml-too-deep', file, { start: { line: fm.yamlLine, column: 1 }, end: { line: fm.yamlLine, column: 1 } }, { limit: MAX_YAML_DEPTH });
  }
  const reason = e.reason ?? e.message ?? String(error);
  const line = fm.yamlLine + (e.mark?.line ?? 0);
  const column = (e.mark?.column ?? 0) + 1;
  const span = { start: { line, column }, end: { line, column: column + 1 } };
  const lineText = fm.yaml.split('\n')[e.mark?.line ?? 0] ?? '';
  if (/nesting exceeded maxDepth/.test(reason)) return catalogDiagnostic('yaml-too-deep', file, span, { limit: MAX_YAML_DEPTH });
  if (/duplicated mapping key/.test(reason)) return duplicateKey(file, fm, span, e.mark?.line ?? 0, column);
  const tag = /unknown tag !<([^>]*)>/.exec(reason);
  if (tag) {
    const name = shortTag(tag[1]!);
    // js-yaml marks the end of the tagged value, which may be lines later (a block scalar);
    // point at the tag itself, on the nearest line at or above the mark.
    const lines = fm.yaml.split('\n');
    let tagSpan = span;
    for (let l = Math.min(e.mark?.line ?? 0, lines.length - 1); l >= 0; l--) {
      const at = lines[l]!.indexOf(name);
      if (at === -1) continue;
      const tagLine = fm.yamlLine + l;
      tagSpan = { start: { line: tagLine, column: at + 1 }, end: { line: tagLine, column: at + 1 + name.length } };
      break;
    }
    return catalogDiagnostic('yaml-custom-tag', file, tagSpan, { tag: name });
  }
  // Match js-yaml's own tab message, or a failure on a line indented with a tab (js-yaml then says
  // "bad indentation" or "end of the stream"). Not /tab/: "unacceptable" and "non-printable" contain it.
  const tabAt = /^[ ]*\t/.test(lineText) ? lineText.indexOf('\t') : -1;
  if (tabAt !== -1 || /tab characters must not be used/.test(reason)) {
    const tabSpan = tabAt === -1 ? span : { start: { line, column: tabAt + 1 }, end: { line, column: tabAt + 2 } };
    return catalogDiagnostic('yaml-tab-indentation', file, tabSpan);
  }
  if (/non-printable characters/.test(reason)) {
    // js-yaml marks the end of the scalar; point at the last such character before the mark.
    const before = fm.yaml.slice(0, e.mark?.position ?? fm.yaml.length);
    let at = -1;
    for (const m of before.matchAll(NON_PRINTABLE)) at = m.index;
    if (at !== -1) {
      const l = fm.yamlLine + countLines(before.slice(0, at)) - 1;
      const c = at - before.lastIndexOf('\n', at - 1);
      return catalogDiagnostic('yaml-syntax', file, { start: { line: l, column: c }, end: { line: l, column: c + 1 } }, { reason });
    }
  }
  return catalogDiagnostic('yaml-syntax', file, span, { reason });
}

/** What js-yaml refuses inside a scalar (its PATTERN_NON_PRINTABLE, minus the surrogate checks). */
const NON_PRINTABLE = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]/g;

function countLines(s: string): number {
  return s.split('\n').length;
}

function shortTag(tag: string): string {
  if (tag.startsWith('tag:yaml.org,2002:')) return `!!${tag.slice('tag:yaml.org,2002:'.length)}`;
  // A local tag (`!Ref`) is written as it is; only a full URI needs the verbatim `!<…>` form.
  return tag.startsWith('!') ? tag : `!<${tag}>`;
}
