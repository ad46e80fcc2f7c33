// The project pass: rules that compare files (duplicate ids, overlapping grants, links) run
// over the small per-file summaries. Positions are resolved only for files with findings, by
// re-reading them, so clean files never pay for the position-keeping parser.

import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { splitFrontmatter } from '../parse/frontmatter.js';
import { createLocator, type Locator } from '../parse/locate.js';
import { decodeSource } from '../parse/source.js';
import { PROJECT_RULES } from '../rules/registry.js';
import type { FileSummary, InvalidFile } from '../rules/types.js';
import { findingToDiagnostic } from './check-file.js';

export interface ProjectIo {
  read(file: string): Uint8Array | undefined;
  exists(file: string): boolean;
}

export function checkProjectRules(summaries: readonly FileSummary[], io: ProjectIo, invalid: readonly InvalidFile[] = []): Diagnostic[] {
  const locators = new Map<string, Locator | undefined>();
  const locatorFor = (file: string): Locator | undefined => {
    if (!locators.has(file)) {
      const bytes = io.read(file);
      const source = bytes ? decodeSource(file, bytes) : undefined;
      const split = source?.ok ? splitFrontmatter(file, source.text) : undefined;
      locators.set(file, split?.ok ? createLocator(split.frontmatter) : undefined);
    }
    return locators.get(file);
  };
  const out: Diagnostic[] = [];
  for (const rule of PROJECT_RULES) {
    rule.check({
      files: summaries,
      invalid,
      exists: io.exists,
      report: (file, finding) => {
        const locator = finding.path ? locatorFor(file) : undefined;
        out.push(findingToDiagnostic(rule.meta, file, finding, locator ? { locator } : undefined));
      },
    });
  }
  return out;
}
