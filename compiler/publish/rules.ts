// The rule reference: one page per `check` rule (its docs, a failing and a passing example,
// and what check says about the failing one) and one per catalog code (`yaml-syntax`, `schema`…).
// Diagnostics link to these pages (diagnostics/docs-url.ts).

import { checkSources } from '../check/check.js';
import { CLI_ERRORS, type CliErrorCode } from '../cli/errors.js';
import { CATALOG, catalogUrl, type CatalogCode } from '../diagnostics/catalog.js';
import { docsUrl } from '../diagnostics/docs-url.js';
import { exampleFileName, exampleText } from '../rules/examples/build.js';
import { EXAMPLE_TODAY } from '../rules/examples/base.js';
import type { Rule, ExampleFile } from '../rules/types.js';
import type { MarkdownRenderer } from './markdown.js';
import type { SiteCatalogEntry, SiteRule } from './types.js';

export function ruleDocs(rules: readonly Rule[], md: MarkdownRenderer): SiteRule[] {
  return rules.map((rule) => {
    const { meta } = rule;
    const files = (list: ExampleFile[]) => list.map((f) => ({ file: exampleFileName(f), text: exampleText(f), ...(patchOf(f) ? { patch: patchOf(f) } : {}) }));
    const bad = files(meta.examples.bad);
    const diagnostics = checkSources(bad.map(({ file, text }) => ({ file, text })), { today: EXAMPLE_TODAY }).diagnostics.map((d) => ({
      file: d.file,
      line: d.line,
      column: d.column,
      severity: d.severity,
      message: md.inline(d.message),
    }));
    return {
      id: meta.id,
      kind: 'rule',
      scope: rule.scope,
      severity: meta.severity,
      summary: md.inline(meta.summary),
      description: md.block(meta.description),
      url: meta.url,
      examples: { good: files(meta.examples.good), bad, diagnostics },
    };
  });
}

function patchOf(f: ExampleFile): string | undefined {
  const parts = [f.frontmatter?.trim(), f.body !== undefined ? `---\n\n${f.body.trim()}` : undefined].filter((x): x is string => Boolean(x));
  return parts.length ? parts.join('\n') : undefined;
}

export function catalogDocs(md: MarkdownRenderer): SiteCatalogEntry[] {
  const files = (Object.keys(CATALOG) as CatalogCode[]).sort().map((code) => {
    const entry = CATALOG[code];
    return { id: code, kind: 'catalog' as const, scope: 'file' as const, title: entry.title, message: md.inline(entry.message), hint: md.inline(entry.hint), url: catalogUrl(code) };
  });
  const cli = (Object.keys(CLI_ERRORS) as CliErrorCode[]).sort().map((code) => {
    const entry = CLI_ERRORS[code];
    const example = 'example' in entry ? { example: md.inline(entry.example) } : {};
    return { id: code, kind: 'catalog' as const, scope: 'cli' as const, title: entry.title, message: md.inline(entry.message), ...example, hint: md.inline(entry.hint), url: docsUrl(code) };
  });
  return [...files, ...cli];
}
