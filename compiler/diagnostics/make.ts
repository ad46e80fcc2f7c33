import { CATALOG, catalogUrl, formatTemplate, type CatalogCode } from './catalog.js';
import type { Diagnostic, Severity, Span } from './diagnostic.js';

/** A diagnostic from the catalog of parse errors. */
export function catalogDiagnostic(
  code: CatalogCode,
  file: string,
  span: Span,
  params: Record<string, unknown> = {},
  extra: { hint?: string; severity?: Severity } = {},
): Diagnostic {
  const entry = CATALOG[code];
  return {
    rule: code,
    severity: extra.severity ?? 'error',
    file,
    line: span.start.line,
    column: span.start.column,
    endLine: span.end.line,
    endColumn: span.end.column,
    message: formatTemplate(entry.message, params),
    hint: extra.hint ?? entry.hint,
    url: catalogUrl(code),
    ...(Object.keys(params).length > 0 ? { params } : {}),
  };
}

/** The span of a whole line, or of the first line when the file has none. */
export function lineSpan(line: number, length: number): Span {
  return { start: { line, column: 1 }, end: { line, column: Math.max(1, length) + 1 } };
}

export const FILE_START: Span = { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };
