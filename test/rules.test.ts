// Every rule: metadata complete, id = file name, its bad example fails with that rule and
// its good example passes every rule.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSources } from '../compiler/check/check.js';
import { exampleFileName, exampleText } from '../compiler/rules/examples/build.js';
import { EXAMPLE_TODAY } from '../compiler/rules/examples/base.js';
import { RULES } from '../compiler/rules/registry.js';
import type { ExampleFile } from '../compiler/rules/types.js';
import { ROOT } from './helpers/cli.js';

function run(files: ExampleFile[]) {
  return checkSources(files.map((f) => ({ file: exampleFileName(f), text: exampleText(f) })), { today: EXAMPLE_TODAY });
}

describe('rule registry', () => {
  it('has one module per rule, named by its id', () => {
    const files = readdirSync(join(ROOT, 'compiler', 'rules'))
      .filter((f) => f.endsWith('.ts') && !['index.ts', 'registry.ts', 'types.ts', 'define.ts'].includes(f))
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    expect(RULES.map((r) => r.meta.id)).toEqual(files);
  });

  it('the base example runbook passes every rule', () => {
    expect(run([{}]).diagnostics).toEqual([]);
  });
});

describe.each(RULES.map((r) => [r.meta.id, r] as const))('%s', (id, rule) => {
  it('documents itself: summary, description, docs url, examples', () => {
    expect(rule.meta.summary.length).toBeGreaterThan(20);
    expect(rule.meta.description.length).toBeGreaterThan(80);
    expect(rule.meta.url).toBe(`https://gatebook.dev/rules/${id}/`);
    expect(rule.meta.examples.good.length).toBeGreaterThan(0);
    expect(rule.meta.examples.bad.length).toBeGreaterThan(0);
  });

  it('passes its good example with no diagnostics at all', () => {
    expect(run(rule.meta.examples.good).diagnostics).toEqual([]);
  });

  it('reports its bad example, and only with this rule', () => {
    const { diagnostics } = run(rule.meta.examples.bad);
    expect(diagnostics.length).toBeGreaterThan(0);
    for (const d of diagnostics) {
      expect(d.rule).toBe(id);
      expect(d.url).toBe(rule.meta.url);
      expect(d.line).toBeGreaterThan(0);
      expect(d.message).toMatch(/expected|expired|after today|not among|does not exist/i);
      expect(d.hint).toBeTruthy();
    }
  });
});
