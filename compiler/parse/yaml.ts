// YAML → plain data, safely. js-yaml 4 with the core schema: no custom tags (so nothing is ever
// constructed or executed), no timestamps (dates stay text), no merge keys, duplicate keys
// rejected. It is the fast path; positions come later, and only for files with findings
// (see locate.ts). Aliases are not expanded by js-yaml (they share objects), so a bounded walk
// over the result stops alias bombs before any later stage traverses them.

import yaml from 'js-yaml';
import { catalogDiagnostic } from '../diagnostics/make.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
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
    data = yaml.load(fm.yaml, { schema: yaml.CORE_SCHEMA, filename: file });
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

interface YamlExceptionLike {
  name: string;
  reason?: string;
  message: string;
  mark?: { line: number; column: number };
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
  if (/duplicated mapping key/.test(reason)) return catalogDiagnostic('yaml-duplicate-key', file, span);
  const tag = /unknown tag !<([^>]*)>/.exec(reason);
  if (tag) {
    const name = shortTag(tag[1]!);
    // js-yaml marks the end of the tagged value; point at the tag itself when it is on that line.
    const text = fm.yaml.split('\n')[e.mark?.line ?? 0] ?? '';
    const at = text.indexOf(name);
    const tagSpan = at === -1 ? span : { start: { line, column: at + 1 }, end: { line, column: at + 1 + name.length } };
    return catalogDiagnostic('yaml-custom-tag', file, tagSpan, { tag: name });
  }
  if (/tab/i.test(reason)) return catalogDiagnostic('yaml-tab-indentation', file, span);
  return catalogDiagnostic('yaml-syntax', file, span, { reason });
}

function shortTag(tag: string): string {
  return tag.startsWith('tag:yaml.org,2002:') ? `!!${tag.slice('tag:yaml.org,2002:'.length)}` : `!<${tag}>`;
}
