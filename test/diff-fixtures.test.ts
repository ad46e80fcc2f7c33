// Every classification has a fixture pair: test/fixtures/diff/cases/<case>/after.md against
// base.md (or the case's own before.md), and expected.json with the items it must produce —
// class, kind, grant, old and new value, YAML path, line in HEAD, and for some the sentence.

import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { DiffItem } from '../compiler/diff/types.js';
import { diffFiles, diffSchemaValidator, fixtureCases, FIXTURE_FILE, lineOf, type ExpectedItem } from './diff-helpers.js';

const validate = diffSchemaValidator();

function matches(item: DiffItem, e: ExpectedItem, after: string): boolean {
  if (item.class !== e.class || item.kind !== e.kind) return false;
  if (e.key !== undefined && item.key !== e.key) return false;
  if (e.field !== undefined && item.field !== e.field) return false;
  if (e.runbook !== undefined && item.runbook !== e.runbook) return false;
  if (e.actor !== undefined && item.actor !== e.actor) return false;
  if (e.direction !== undefined && item.direction !== e.direction) return false;
  if (e.before !== undefined && !subset(e.before, item.before)) return false;
  if (e.after !== undefined && !subset(e.after, item.after)) return false;
  if (e.path !== undefined && item.location.path !== e.path) return false;
  if (e.sentence !== undefined && item.sentence !== e.sentence) return false;
  if (e.noteContains !== undefined && !(item.note ?? '').includes(e.noteContains)) return false;
  if (e.lineOf !== undefined && item.location.line !== lineOf(after, e.lineOf)) return false;
  return true;
}

/** Expected objects may leave out members (`{contact: null}` matches any ackWithin level). */
function subset(expected: unknown, actual: unknown): boolean {
  if (expected !== null && typeof expected === 'object' && !Array.isArray(expected)) {
    if (actual === null || typeof actual !== 'object') return false;
    return Object.entries(expected).every(([k, v]) => v === null ? k in (actual as object) : subset(v, (actual as Record<string, unknown>)[k]));
  }
  return isDeepStrictEqual(expected, actual);
}

describe('diff fixtures', () => {
  const cases = fixtureCases();

  it('covers every classification the issue lists', () => {
    expect(cases.length).toBeGreaterThanOrEqual(50);
    const kinds = new Set(cases.flatMap((c) => c.expect.map((e) => `${e.class}:${e.kind}`)));
    for (const k of [
      'widened:gate', 'widened:ai-role', 'widened:envelope-max', 'widened:envelope-set-added', 'widened:envelope-spend',
      'widened:evidence-min-independent', 'widened:evidence-max-age', 'widened:evidence-min-confidence', 'widened:change-window-added',
      'widened:freeze-removed', 'widened:rollback-trigger-removed', 'widened:rollback-trigger-changed', 'widened:escalation-trigger-removed',
      'widened:escalation-ack', 'widened:approval-count', 'widened:grant-added', 'widened:model-pin',
      'narrowed:gate', 'narrowed:envelope-max', 'narrowed:grant-removed', 'narrowed:evidence-max-age',
      'neutral:wording', 'neutral:contacts', 'neutral:body',
      'governance:owner', 'governance:approval-date', 'governance:review-cycle',
    ]) expect(kinds, k).toContain(k);
  });

  for (const c of cases) {
    it(`${c.name}: ${c.description}`, () => {
      const { result } = diffFiles({ [FIXTURE_FILE]: c.before }, { [FIXTURE_FILE]: c.after });
      const listing = result.items.map((i) => `${i.class} ${i.kind} ${i.key ?? i.runbook} ${i.location.path}:${i.location.line} ${JSON.stringify(i.before)} → ${JSON.stringify(i.after)} | ${i.sentence} ${i.note ?? ''}`).join('\n');
      for (const e of c.expect) {
        expect(result.items.some((i) => matches(i, e, c.after)), `expected ${JSON.stringify(e)} among:\n${listing}`).toBe(true);
      }
      for (const [cls, n] of Object.entries(c.counts ?? {})) expect(result.summary[cls as 'widened'], `${cls} count among:\n${listing}`).toBe(n);
      expect(result.summary.widened > 0 ? 3 : 0).toBe(c.exit);
      for (const item of result.items) {
        expect(item.location.file).toBe(FIXTURE_FILE);
        if (item.location.path !== null) expect(item.location.line, `${item.id} has a YAML path, so a line`).toBeGreaterThan(0);
        expect(item.sentence.length).toBeGreaterThan(10);
        expect(item.sentence).not.toMatch(/undefined|NaN|\[object/);
      }
      expect(validate(JSON.parse(JSON.stringify(result))), JSON.stringify(validate.errors)).toBe(true);
    });
  }
});
