// SARIF 2.1.0, for GitHub code scanning and other static-analysis dashboards.
import { CATALOG, catalogUrl, type CatalogCode } from '../catalog.js';
import type { Diagnostic, Summary } from '../diagnostic.js';
import { RULES } from '../../rules/registry.js';
import { VERSION } from '../../version.js';
import { DOCS_BASE } from '../docs-url.js';

interface SarifRule {
  id: string;
  shortDescription: { text: string };
  helpUri: string;
  defaultConfiguration: { level: 'error' | 'warning' };
}

function allRules(): SarifRule[] {
  const fromCatalog = (Object.keys(CATALOG) as CatalogCode[]).map((id) => ({
    id, shortDescription: { text: CATALOG[id].title }, helpUri: catalogUrl(id), defaultConfiguration: { level: 'error' as const },
  }));
  const fromRules = RULES.map((r) => ({
    id: r.meta.id, shortDescription: { text: r.meta.summary }, helpUri: r.meta.url, defaultConfiguration: { level: r.meta.severity },
  }));
  return [...fromCatalog, ...fromRules].sort((a, b) => (a.id < b.id ? -1 : 1));
}

export function renderSarif(diagnostics: readonly Diagnostic[], _summary: Summary): string {
  const rules = allRules();
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'gatebook', version: VERSION, informationUri: DOCS_BASE, rules } },
      results: diagnostics.map((d) => ({
        ruleId: d.rule,
        ...(index.has(d.rule) ? { ruleIndex: index.get(d.rule) } : {}),
        level: d.severity,
        message: { text: d.hint ? `${d.message} ${d.hint}` : d.message },
        locations: [{
          physicalLocation: {
            artifactLocation: { uri: d.file },
            region: { startLine: d.line, startColumn: d.column, endLine: d.endLine, endColumn: d.endColumn },
          },
        }],
      })),
    }],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
