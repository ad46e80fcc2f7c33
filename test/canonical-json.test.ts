// Canonical JSON is what the bundle digest and signatures are computed over: it must be exactly
// "keys sorted by UTF-16 code units, no white space, undefined members dropped" for any value,
// whichever of its two writers (JSON.stringify with sorted members, or the fallback) produces it.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalize, canonicalPretty } from '../compiler/util/canonical-json.js';

/** The definition, written plainly. */
function reference(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `[${v.map((x) => (x === undefined ? 'null' : reference(x))).join(',')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o).filter((k) => o[k] !== undefined).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${keys.map((k) => `${JSON.stringify(k)}:${reference(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

// Keys that exercise both writers: index-like, `__proto__`, empty, astral, look-alikes.
const key = fc.oneof(fc.string(), fc.constantFrom('0', '1', '10', '9', '007', '4294967295', '-1', '__proto__', 'constructor', '', '\u{1f600}', '\uffff', 'a', 'B'));
const json = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, fc.string(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined),
    fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(key, tie('value'), { maxKeys: 5 })),
})).value;

describe('canonicalize', () => {
  it('is the definition for any value', () => {
    fc.assert(fc.property(json, (v) => {
      // fc.dictionary builds `__proto__` as an own member, as JSON.parse does.
      if (v === undefined) expect(() => canonicalize(v)).toThrow(TypeError);
      else expect(canonicalize(v)).toBe(reference(v));
    }), { numRuns: 3000 });
  });

  it('sorts index-like keys as strings and keeps a parsed __proto__ member', () => {
    expect(canonicalize({ 10: 1, 9: 2, a: { 2: 0, 1: 0 } })).toBe('{"10":1,"9":2,"a":{"1":0,"2":0}}');
    expect(canonicalize(JSON.parse('{"b":1,"__proto__":{"x":1},"a":2}'))).toBe('{"__proto__":{"x":1},"a":2,"b":1}');
  });

  it('refuses what JSON cannot hold', () => {
    for (const bad of [{ a: NaN }, [Infinity], { f: () => 1 }, { b: 1n }, Symbol('s')]) expect(() => canonicalize(bad)).toThrow(TypeError);
  });

  it('pretty form parses to the same value', () => {
    fc.assert(fc.property(json, (v) => {
      if (v === undefined) return;
      expect(canonicalize(JSON.parse(canonicalPretty(v)))).toBe(canonicalize(v));
    }), { numRuns: 500 });
  });
});
