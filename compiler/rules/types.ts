// What a rule is: metadata for its docs page, a good and a bad example, and a check function.
// File rules see one valid runbook; project rules see the summaries of all files.

import type { Root } from 'mdast';
import type { Severity, Span } from '../diagnostics/diagnostic.js';
import type { Runbook } from '../language/runbook.js';
import type { Target } from '../parse/locate.js';
import type { Outline } from '../parse/outline.js';
import type { Path } from '../parse/yaml.js';

/** An example file for a rule's docs and tests: frontmatter keys laid over the base runbook. */
export interface ExampleFile {
  /** File name, for project rules that need several files. Default `example.md`. */
  file?: string;
  /** YAML whose top-level keys replace the base runbook's. */
  frontmatter?: string;
  /** Replaces the base runbook's Markdown body. */
  body?: string;
}

export interface RuleMeta {
  id: string;
  severity: Severity;
  /** One line: what the rule guarantees. */
  summary: string;
  /** Why the rule exists and what it checks (Markdown), for the rule's docs page. */
  description: string;
  url: string;
  examples: { good: ExampleFile[]; bad: ExampleFile[] };
}

export interface Finding {
  /** Where in the frontmatter; or `span` for Markdown positions. */
  path?: Path;
  target?: Target;
  span?: Span;
  message: string;
  hint?: string;
  params?: Record<string, unknown>;
  severity?: Severity;
}

export interface FileRuleContext {
  file: string;
  runbook: Runbook;
  /** The body's headings and links: what rules read, without building the tree. */
  outline: Outline;
  /** The body's full mdast, built on first use (it costs as much as the rest of a check). */
  readonly markdown: Root;
  /** YYYY-MM-DD */
  today: string;
  report(finding: Finding): void;
}

export interface FileRule {
  scope: 'file';
  meta: RuleMeta;
  check(ctx: FileRuleContext): void;
}

/** What a project rule knows of each file: gathered in the worker, small enough to cache. */
export interface FileSummary {
  file: string;
  id: string;
  grants: Array<{ actor: string; action: string; service: string; path: Path }>;
  /** Relative links to other .md files, resolved against the file's directory (cwd-relative). */
  links: Array<{ target: string; url: string; span: Span }>;
  related: Array<{ id: string; path: Path }>;
}

/** A file that failed schema validation but whose frontmatter names an id. */
export interface InvalidFile {
  file: string;
  id: string;
}

export interface ProjectRuleContext {
  /** Files that passed schema validation. */
  files: readonly FileSummary[];
  /** Checked files that failed schema validation, by id: they exist, and carry their own errors. */
  invalid: readonly InvalidFile[];
  /** Whether a cwd-relative path exists (for links to runbooks outside the checked set). */
  exists(path: string): boolean;
  report(file: string, finding: Finding): void;
}

export interface ProjectRule {
  scope: 'project';
  meta: RuleMeta;
  check(ctx: ProjectRuleContext): void;
}

export type Rule = FileRule | ProjectRule;
