// Shared by the diff tests: both sides from in-memory runbook texts (checked with checkSources,
// compiled), the fixture cases, and the diff schema validator.

import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { checkSources } from '../compiler/check/check.js';
import { compile } from '../compiler/compile/compile.js';
import { diffSides, type DiffOutput } from '../compiler/diff/diff.js';
import type { RunbookSource } from '../compiler/diff/runbooks.js';
import { NOT_FAILING_RULES, type LoadedSide } from '../compiler/diff/sides.js';

export const ROOT = join(import.meta.dirname, '..');
export const DIFF_FIXTURES = join(ROOT, 'test', 'fixtures', 'diff');
export const TODAY = '2026-11-21';

export type Files = Record<string, string>;

/** A runbook side from file texts (cwd-relative names), as a directory side would be loaded. */
export function sideOf(files: Files, spec = 'runbooks'): LoadedSide {
  const result = checkSources(Object.entries(files).map(([file, text]) => ({ file, text })), { today: TODAY });
  const errors = result.diagnostics.filter((d) => d.severity === 'error' && !NOT_FAILING_RULES.has(d.rule));
  if (errors.length) throw new Error(`side ${spec} does not check:\n${errors.map((d) => `${d.file}:${d.line}:${d.column} ${d.rule} ${d.message}`).join('\n')}`);
  const bundle = compile(result.runbooks, { revision: null });
  const sources = new Map<string, RunbookSource>();
  for (const c of result.runbooks) sources.set(c.runbook.id, { file: c.file, text: files[c.file]!, checked: c });
  return {
    info: { spec, kind: 'directory', revision: null, runbooks: 'runbooks', digest: bundle.digest, counts: { runbooks: Object.keys(bundle.runbooks).length, grants: Object.keys(bundle.grants).length } },
    bundle,
    sources,
  };
}

export function diffFiles(before: Files, after: Files): DiffOutput {
  return diffSides(sideOf(before, 'base'), sideOf(after, 'head'));
}

export const FIXTURE_FILE = 'runbooks/fixture-scale.md';
export const BASE_TEXT = readFileSync(join(DIFF_FIXTURES, 'base.md'), 'utf8');

export interface ExpectedItem {
  class: string;
  kind: string;
  key?: string;
  field?: string;
  runbook?: string;
  actor?: string;
  direction?: string;
  before?: unknown;
  after?: unknown;
  path?: string;
  sentence?: string;
  /** The item's line is the first line of after.md containing this text. */
  lineOf?: string;
  noteContains?: string;
}

export interface FixtureCase {
  name: string;
  description: string;
  before: string;
  after: string;
  exit: number;
  expect: ExpectedItem[];
  counts?: Partial<Record<'widened' | 'narrowed' | 'governance' | 'neutral', number>>;
}

export function fixtureCases(): FixtureCase[] {
  const dir = join(DIFF_FIXTURES, 'cases');
  return readdirSync(dir).sort().map((name) => {
    const at = (f: string) => join(dir, name, f);
    const expected = JSON.parse(readFileSync(at('expected.json'), 'utf8')) as Omit<FixtureCase, 'name' | 'before' | 'after'>;
    return {
      name,
      ...expected,
      before: existsSync(at('before.md')) ? readFileSync(at('before.md'), 'utf8') : BASE_TEXT,
      after: readFileSync(at('after.md'), 'utf8'),
    };
  });
}

export function lineOf(text: string, needle: string): number {
  const index = text.indexOf(needle);
  if (index < 0) throw new Error(`'${needle}' is not in the text`);
  return text.slice(0, index).split('\n').length;
}

export const DIFF_SCHEMA = JSON.parse(readFileSync(join(ROOT, 'schemas', 'diff.schema.json'), 'utf8')) as Record<string, unknown>;

export function diffSchemaValidator() {
  // ajv and ajv-formats are CommonJS: under NodeNext their classes sit on `.default`.
  const ajv = new Ajv2020.default({ allErrors: true, strict: true, strictRequired: false });
  addFormats.default(ajv);
  return ajv.compile(DIFF_SCHEMA);
}
