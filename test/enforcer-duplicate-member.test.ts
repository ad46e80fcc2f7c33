// Request text with a member given twice is refused: JSON.parse keeps the last, other readers the
// first, so the agent that acts and the enforcer that decided could read different requests.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstDuplicateMember } from '../compiler/enforcer/duplicate-member.js';
import { join } from 'node:path';
import { decideJson, loadBundle } from '../compiler/enforcer/index.js';

describe('firstDuplicateMember', () => {
  it.each([
    ['{"a":1,"a":2}', '/a'],
    ['{"parameters":{"replicas":400,"replicas":20}}', '/parameters/replicas'],
    ['[{"x":1},{"x":1,"y":[1,{"z":1,"z":2}]}]', '/1/y/1/z'],
    ['{"a\\"b":1,"a\\u0022b":2}', '/a"b'],
    ['{"a/b~":1, "a/b~" : 2}', '/a~1b~0'],
  ])('finds the duplicate in %s at %s', (text, pointer) => {
    expect(firstDuplicateMember(text)).toBe(pointer);
  });

  it.each(['{"a":{"b":1},"b":{"b":1}}', '{"s":"{\\"a\\":1,\\"a\\":2}"}', '{}', '"x"', '[1,[2],{"a":[]}]'])('finds none in %s', (text) => {
    expect(firstDuplicateMember(text)).toBeNull();
  });

  it('finds none in any JSON.stringify output, and the one added to any object of it', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 4 }), fc.nat(), (value, pick) => {
      const text = JSON.stringify(value);
      expect(firstDuplicateMember(text)).toBeNull();
      // Repeat the first member of one of the objects, pretty-printed (white space around names).
      const objects: Array<[string, Record<string, unknown>]> = [];
      const walk = (v: unknown, pointer: string): void => {
        if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${pointer}/${i}`));
        else if (v !== null && typeof v === 'object') {
          objects.push([pointer, v as Record<string, unknown>]);
          for (const [k, x] of Object.entries(v)) walk(x, `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`);
        }
      };
      walk(value, '');
      const withMembers = objects.filter(([, o]) => Object.keys(o).length > 0);
      fc.pre(withMembers.length > 0);
      const [pointer, target] = withMembers[pick % withMembers.length]!;
      const [name] = Object.keys(target);
      fc.pre(!text.includes('__dup__'));
      const pretty = JSON.stringify(value, function (this: unknown, _key, v: unknown) {
        if (v === target) return { __dup__: true, ...target };
        return v;
      }, 2).replace('"__dup__": true', () => `${JSON.stringify(name)}: 0`);
      expect(firstDuplicateMember(pretty)).toBe(`${pointer}/${name!.replace(/~/g, '~0').replace(/\//g, '~1')}`);
    }), { numRuns: 300 });
  });
});

describe('decideJson', () => {
  it('denies request text that gives a member twice, naming it, and keeps what it can in the record', async () => {
    const bundle = await loadBundle({ path: join(import.meta.dirname, 'conformance', 'bundles', 'scaling.json') });
    const text = '{"requestId":"r-1","actor":"autoscaler-agent","model":{"name":"kairos-scaler","version":"2026-08-14"},'
      + '"action":"scale-out","service":"checkout-api","parameters":{"replicas":400,"currentReplicas":12,"replicas":16},'
      + '"signals":[],"confidence":0.9,"rationale":"x","history":{"directionChanges":[]},"time":"2026-11-03T10:00:00Z"}';
    const r = decideJson(bundle, text);
    expect(r.decision).toBe('deny');
    expect(r.reasons.map((x) => x.code)).toEqual(['REQUEST_INVALID']);
    expect(r.reasons[0]!.message).toContain('/parameters/replicas is given twice');
    expect(r.record.requestId).toBe('r-1');
    // The same text with the member once is decided.
    expect(decideJson(bundle, text.replace('"replicas":400,', '')).reasons.map((x) => x.code)).not.toContain('REQUEST_INVALID');
  });
});
