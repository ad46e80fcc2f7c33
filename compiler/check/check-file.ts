// One file through parse → schema → file rules, producing plain data: diagnostics, the small
// summary the project rules need, and (when asked) the validated runbook. Runs in workers.

import { createHash } from 'node:crypto';
import { dirname, posix } from 'node:path';
import type { Root } from 'mdast';
import { catalogDiagnostic } from '../diagnostics/make.js';
import type { Diagnostic, Span } from '../diagnostics/diagnostic.js';
import type { Runbook } from '../language/runbook.js';
import { parseMarkdown } from '../parse/markdown.js';
import { markdownText, parseRunbookOutline, type OutlinedDocument, type ParsedDocument } from '../parse/parse.js';
import { FILE_RULES } from '../rules/registry.js';
import type { FileRuleContext, FileSummary, Finding, RuleMeta } from '../rules/types.js';
import { humanizeSchemaErrors } from '../validate/humanize.js';
import { runbookSchema, validateAgainstSchema } from '../validate/schema.js';
import type { CompileUnit } from '../compile/unit.js';
import { gitBlobIds } from '../util/git-blob.js';
import type { CheckedRunbook } from './types.js';

export interface FileOutcome {
  file: string;
  sha256: string;
  diagnostics: Diagnostic[];
  summary?: FileSummary;
  /**
   * The id of a runbook that failed schema validation, when its frontmatter still names one:
   * other files' `related` may point at it, and must not be blamed for this file's error.
   */
  invalidId?: string;
  checked?: CheckedRunbook;
  /** `build` only (units.ts): the runbook compiled on its own, or why compiling it failed. */
  unit?: CompileUnit;
  unitError?: string;
}

export interface FileCheckOptions {
  today: string;
  keepRunbook: boolean;
  /** Give the kept runbook its git blob ids (CheckedRunbook.gitBlobs): build and publish's revision. */
  gitBlobs?: boolean;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function checkFile(file: string, bytes: Uint8Array, options: FileCheckOptions): FileOutcome {
  const sha256 = sha256Hex(bytes);
  const parsed = parseRunbookOutline(file, bytes);
  if (!parsed.ok) return { file, sha256, diagnostics: parsed.diagnostics };
  const doc = parsed.document;
  const errors = validateAgainstSchema(doc.data);
  if (errors.length > 0) {
    const diagnostics = humanizeSchemaErrors(errors, runbookSchema()).map((f) => {
      const span = doc.locator.locate(f.path, f.target);
      return catalogDiagnostic('schema', file, span, { message: f.message, ...f.params }, f.hint ? { hint: f.hint } : {});
    });
    const id = doc.data.id;
    return { file, sha256, diagnostics, ...(typeof id === 'string' && id !== '' ? { invalidId: id } : {}) };
  }
  const runbook = doc.data as unknown as Runbook;
  const diagnostics: Diagnostic[] = [];
  let meta: RuleMeta;
  let markdown: Root | undefined;
  const ctx: FileRuleContext = {
    file,
    runbook,
    outline: doc.outline,
    get markdown() {
      return (markdown ??= parseMarkdown(markdownText(doc)));
    },
    today: options.today,
    report: (finding) => diagnostics.push(findingToDiagnostic(meta, file, finding, doc)),
  };
  for (const rule of FILE_RULES) {
    meta = rule.meta;
    rule.check(ctx);
  }
  const outcome: FileOutcome = { file, sha256, diagnostics, summary: summarize(file, runbook, doc) };
  if (options.keepRunbook) {
    outcome.checked = { file, sha256, runbook, headings: headingsOf(doc), ...(options.gitBlobs ? { gitBlobs: gitBlobIds(bytes) } : {}) };
  }
  return outcome;
}

export function findingToDiagnostic(meta: RuleMeta, file: string, f: Finding, doc?: Pick<ParsedDocument, 'locator'>): Diagnostic {
  const span: Span = f.span ?? (doc && f.path ? doc.locator.locate(f.path, f.target) : { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } });
  return {
    rule: meta.id,
    severity: f.severity ?? meta.severity,
    file,
    line: span.start.line,
    column: span.start.column,
    endLine: span.end.line,
    endColumn: span.end.column,
    message: f.message,
    ...(f.hint ? { hint: f.hint } : {}),
    url: meta.url,
    ...(f.params ? { params: f.params } : {}),
  };
}

function summarize(file: string, rb: Runbook, doc: OutlinedDocument): FileSummary {
  const grants: FileSummary['grants'] = [];
  rb.actions.forEach((a, i) => {
    for (const actor of a.actors) {
      for (const service of a.services ?? rb.services) grants.push({ actor, action: a.id, service, path: ['actions', i, 'id'] });
    }
  });
  return {
    file,
    id: rb.id,
    grants,
    links: runbookLinks(file, doc),
    related: (rb.related ?? []).map((id, i) => ({ id, path: ['related', i] })),
  };
}

/** Relative links to Markdown files, resolved to cwd-relative paths. */
function runbookLinks(file: string, doc: OutlinedDocument): FileSummary['links'] {
  const out: FileSummary['links'] = [];
  for (const { url, span } of doc.outline.links) {
    const target = relativeMarkdownTarget(file, url);
    if (target) out.push({ target, url, span });
  }
  return out;
}

export function relativeMarkdownTarget(file: string, url: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('/') || url.startsWith('#')) return undefined;
  const path = decodeURI(url.split('#')[0]!.split('?')[0]!);
  if (!path.toLowerCase().endsWith('.md')) return undefined;
  return posix.normalize(posix.join(dirname(file).split('\\').join('/'), path));
}

function headingsOf(doc: OutlinedDocument): CheckedRunbook['headings'] {
  return doc.outline.headings.filter((h) => h.depth >= 2).map((h) => ({ depth: h.depth, text: h.text, line: h.line }));
}
