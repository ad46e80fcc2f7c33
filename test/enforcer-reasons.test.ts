// The reason table: compiler/enforcer/REASONS.md (the documentation, for people and other
// implementations) and the REASONS object in reasons.ts (the code) say the same thing, and every
// sentence renders its template exactly.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DECISIONS } from '../compiler/bundle/types.js';
import { GATE_ORDER, REASON_CODES, REASONS } from '../compiler/enforcer/index.js';
import { RETIRED_REASON_CODES } from '../compiler/enforcer/reasons.js';

const DOC = readFileSync(join(import.meta.dirname, '..', 'compiler', 'enforcer', 'REASONS.md'), 'utf8');

describe('reason codes', () => {
  const rows = [...DOC.matchAll(/^\| ([A-Z_]+) \| ([a-z-]+) \| ([a-z-]+) \| (.+) \|$/gm)].map((m) => ({
    code: m[1]!, gate: m[2]!, decision: m[3]!, template: m[4]!,
  }));

  it('are SCREAMING_SNAKE and unique', () => {
    for (const code of REASON_CODES) expect(code).toMatch(/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/);
    expect(new Set(REASON_CODES).size).toBe(REASON_CODES.length);
  });

  it('are documented in one table with one header row', () => {
    const table = DOC.slice(0, DOC.indexOf('## Retired codes')).split('\n').filter((l) => l.startsWith('|'));
    expect(table.slice(0, 2)).toEqual(['| code | gate | decision | sentence template |', '|---|---|---|---|']);
    expect(table.length).toBe(2 + REASON_CODES.length);
  });

  it('are all documented in the table, in the same order, with the same gate, decision and sentence', () => {
    expect(rows.map((r) => r.code)).toEqual(REASON_CODES);
    for (const row of rows) {
      const spec = REASONS[row.code as keyof typeof REASONS];
      expect({ gate: spec.gate, decision: spec.decision, template: spec.template }, row.code).toEqual({
        gate: row.gate, decision: row.decision, template: row.template,
      });
    }
  });

  it('that are retired are listed as such, and nowhere else in the table', () => {
    const retired = DOC.slice(DOC.indexOf('## Retired codes'));
    expect([...retired.matchAll(/^\| ([A-Z_]+) \| [A-Z_, ]+ \|$/gm)].map((m) => m[1])).toEqual([...RETIRED_REASON_CODES]);
    for (const code of RETIRED_REASON_CODES) expect(rows.map((r) => r.code)).not.toContain(code);
  });

  it('name a real gate and decision', () => {
    for (const code of REASON_CODES) {
      const spec = REASONS[code];
      expect(GATE_ORDER).toContain(spec.gate);
      expect([...DECISIONS, 'outside', 'gate']).toContain(spec.decision);
    }
  });

  it('render exactly their template', () => {
    for (const code of REASON_CODES) {
      const spec = REASONS[code];
      const names = [...spec.template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
      const params = Object.fromEntries(names.map((n) => [n, `{${n}}`]));
      // An `outside` finding's {outcome} comes as render's second argument.
      expect(spec.render(params, '{outcome}'), code).toBe(spec.template);
      expect(spec.template, code).toMatch(/[.]$/);
    }
  });
});
