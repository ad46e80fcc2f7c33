import type { Diagnostic, Summary } from '../diagnostic.js';

/** The same data the pretty printer uses, as one JSON document. */
export function renderJson(diagnostics: readonly Diagnostic[], summary: Summary): string {
  return `${JSON.stringify({ diagnostics, summary }, null, 2)}\n`;
}
