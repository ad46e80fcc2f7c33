// Splits a runbook into its YAML frontmatter and its Markdown body, with the line where the
// YAML starts so YAML positions map back to file positions.

import { catalogDiagnostic, FILE_START, lineSpan } from '../diagnostics/make.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';

export interface Frontmatter {
  /** The YAML text between the fences. */
  yaml: string;
  /** 1-based file line of the YAML's first line (the line after the opening `---`). */
  yamlLine: number;
  /** 0-based offset of the YAML text in the file text. */
  yamlOffset: number;
  /** 1-based line of the closing fence. */
  closeLine: number;
}

export type FrontmatterResult = { ok: true; frontmatter: Frontmatter } | { ok: false; diagnostic: Diagnostic };

export function splitFrontmatter(file: string, text: string): FrontmatterResult {
  if (text.trim() === '') return { ok: false, diagnostic: catalogDiagnostic('empty-file', file, FILE_START) };
  const firstEnd = text.indexOf('\n');
  const firstLine = (firstEnd === -1 ? text : text.slice(0, firstEnd)).trimEnd();
  if (firstLine === '+++') {
    return { ok: false, diagnostic: catalogDiagnostic('toml-frontmatter', file, lineSpan(1, 3)) };
  }
  if (firstLine !== '---') {
    return { ok: false, diagnostic: catalogDiagnostic('missing-frontmatter', file, lineSpan(1, firstLine.length)) };
  }
  const yamlOffset = firstEnd + 1;
  // The closing fence is the first line that is exactly `---`. Not YAML's `...`: remark-frontmatter
  // does not accept it, so the YAML would also be read as Markdown (a `# comment` as a heading).
  // Lines end at `\n` only: with the `m` flag, `^` and `$` would also match at U+2028 and U+2029.
  const close = /(?:^|\n)---[ \t]*(?=\n|$)/;
  const rest = text.slice(yamlOffset);
  const m = close.exec(rest);
  if (firstEnd === -1 || !m) {
    return { ok: false, diagnostic: catalogDiagnostic('unterminated-frontmatter', file, lineSpan(1, 3)) };
  }
  const yaml = rest.slice(0, m.index + (m[0].startsWith('\n') ? 1 : 0));
  return {
    ok: true,
    frontmatter: { yaml, yamlLine: 2, yamlOffset, closeLine: 2 + countNewlines(yaml) },
  };
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  return n;
}
