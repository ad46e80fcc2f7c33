// Gatebook's public API. Only re-exports; test/api.test.ts pins the list.
export { checkProject, checkSources, todayUtc } from './check/check.js';
export type { CheckOptions, CheckResult, CheckedRunbook } from './check/types.js';
export { compareDiagnostics, summarize } from './diagnostics/diagnostic.js';
export type { Diagnostic, Position, Severity, Span, Summary } from './diagnostics/diagnostic.js';
export { CATALOG } from './diagnostics/catalog.js';
export { render, FORMATS } from './diagnostics/render/index.js';
export type { Format, RenderOptions } from './diagnostics/render/index.js';
export { parseRunbook } from './parse/parse.js';
export type { ParsedDocument, ParseResult } from './parse/parse.js';
export { RULES } from './rules/registry.js';
export type { Rule, RuleMeta, FileRule, ProjectRule, ExampleFile } from './rules/types.js';
export { GATES, AI_ROLES, BLAST_RADII, DANGER_ZONE_CATEGORIES } from './language/runbook.js';
export type * from './language/runbook.js';
export { VERSION } from './version.js';
