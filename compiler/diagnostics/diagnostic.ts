// A diagnostic is plain data: collected, never thrown. Renderers turn it into text, JSON,
// GitHub annotations or SARIF; nothing else formats diagnostics.

export type Severity = 'error' | 'warning';

export interface Position {
  /** 1-based line. */
  line: number;
  /** 1-based column, counted in UTF-16 code units like editors do. */
  column: number;
}

export interface Span {
  start: Position;
  /** Exclusive end. */
  end: Position;
}

export interface Diagnostic {
  /** Catalog code or rule id, e.g. `yaml-syntax` or `danger-zone-gate`. */
  rule: string;
  severity: Severity;
  /** Path relative to the working directory, with forward slashes. */
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** What was found and what was expected, in one or two sentences. */
  message: string;
  /** How to fix it. */
  hint?: string;
  /** Documentation for the rule or error. */
  url: string;
  /** Structured values behind the message, for tools. */
  params?: Record<string, unknown>;
}

export interface Summary {
  files: number;
  errors: number;
  warnings: number;
}

export function summarize(files: number, diagnostics: readonly Diagnostic[]): Summary {
  let errors = 0;
  let warnings = 0;
  for (const d of diagnostics) {
    if (d.severity === 'error') errors++;
    else warnings++;
  }
  return { files, errors, warnings };
}

/** Stable order: file, then position, then rule, so output never depends on worker timing. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.column - b.column || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0) ||
    (a.message < b.message ? -1 : a.message > b.message ? 1 : 0);
}
