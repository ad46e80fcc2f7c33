import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import { render } from '../compiler/diagnostics/render/index.js';

const d: Diagnostic = {
  rule: 'danger-zone-gate', severity: 'error', file: 'runbooks/a.md', line: 3, column: 11, endLine: 3, endColumn: 17,
  message: 'Action `x` is in the danger zone `iam` but its gate is `notify`, 100%: bad', hint: 'Set gate: approve.',
  url: 'https://gatebook.dev/rules/danger-zone-gate/', params: { action: 'x' },
};
const warning: Diagnostic = { ...d, rule: 'approval-current', severity: 'warning', line: 1, column: 1, endColumn: 2, message: 'expires soon' };
const summary = { files: 2, errors: 1, warnings: 1 };
const source = '---\nid: a\ngate:     notify\n---\n';

describe('pretty', () => {
  it('prints location, message, rule, a code frame with a caret under the span, hint and docs', () => {
    const out = render('pretty', [d], { files: 1, errors: 1, warnings: 0 }, { color: false, source: () => source });
    const lines = out.split('\n');
    expect(lines[0]).toBe(`runbooks/a.md:3:11  error  ${d.message}  danger-zone-gate`);
    expect(lines).toContain('> 3 | gate:     notify');
    expect(lines).toContain('  2 | id: a'.replace(/^  2/, '  2'));
    const caret = lines.find((l) => l.includes('^'))!;
    expect(caret.indexOf('^') - caret.indexOf('|') - 2).toBe(10); // under column 11
    expect(caret.match(/\^/g)).toHaveLength(6);
    expect(out).toContain('hint: Set gate: approve.');
    expect(out).toContain('docs: https://gatebook.dev/rules/danger-zone-gate/');
    expect(out.trimEnd().split('\n').pop()).toBe('✖ 1 error, 0 warnings in 1 runbook');
  });

  it('uses no ANSI escapes without colour, and some with it', () => {
    expect(render('pretty', [d], summary, { color: false })).not.toMatch(/\u001b\[/);
    expect(render('pretty', [d], summary, { color: true })).toMatch(/\u001b\[31m/);
  });

  it('shows a window of a very long line, not all of it', () => {
    const long = `key: ${'x'.repeat(50_000)}BAD${'y'.repeat(50_000)}`;
    const at: Diagnostic = { ...d, line: 1, column: 50_006, endColumn: 50_009 };
    const out = render('pretty', [at], summary, { color: false, source: () => long });
    const frameLine = out.split('\n').find((l) => l.startsWith('> 1 |'))!;
    expect(frameLine.length).toBeLessThan(200);
    expect(frameLine).toContain('BAD');
    const caret = out.split('\n').find((l) => l.includes('^'))!;
    expect(frameLine.slice(caret.indexOf('^'), caret.indexOf('^') + 3)).toBe('BAD');
  });

  it('says so when there is nothing to report', () => {
    expect(render('pretty', [], { files: 12, errors: 0, warnings: 0 }, { color: false })).toBe('✓ 12 runbooks checked, no problems\n');
  });
});

describe('json', () => {
  it('prints the same data: diagnostics and summary', () => {
    const parsed = JSON.parse(render('json', [d, warning], summary, { color: false }));
    expect(parsed).toEqual({ diagnostics: [d, warning], summary });
  });
});

describe('github', () => {
  it('emits one workflow annotation per diagnostic, escaped', () => {
    const out = render('github', [d, warning], summary, { color: false }).split('\n');
    expect(out[0]).toBe(
      '::error file=runbooks/a.md,line=3,col=11,endLine=3,endColumn=17,title=gatebook(danger-zone-gate)::' +
      'Action `x` is in the danger zone `iam` but its gate is `notify`, 100%25: bad%0ASet gate: approve.%0Ahttps://gatebook.dev/rules/danger-zone-gate/');
    expect(out[1]).toMatch(/^::warning file=runbooks\/a.md,line=1,col=1,/);
  });
});

describe('sarif', () => {
  it('is SARIF 2.1.0 with rules, levels and regions', () => {
    const log = JSON.parse(render('sarif', [d, warning], summary, { color: false }));
    expect(log.version).toBe('2.1.0');
    const run = log.runs[0];
    expect(run.tool.driver.name).toBe('gatebook');
    const ids = run.tool.driver.rules.map((r: { id: string }) => r.id);
    expect(ids).toContain('danger-zone-gate');
    expect(ids).toContain('yaml-syntax');
    const [r0, r1] = run.results;
    expect(r0.ruleId).toBe('danger-zone-gate');
    expect(run.tool.driver.rules[r0.ruleIndex].id).toBe('danger-zone-gate');
    expect(r0.level).toBe('error');
    expect(r1.level).toBe('warning');
    expect(r0.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'runbooks/a.md' },
      region: { startLine: 3, startColumn: 11, endLine: 3, endColumn: 17 },
    });
  });
});
