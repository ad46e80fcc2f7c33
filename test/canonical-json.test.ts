// Canonical JSON is what the bundle digest and signatures are computed over: it must be exactly
// "keys sorted by UTF-16 code units, no white space, undefined members dropped" for any value,
// whichever of its two writers (JSON.stringify with sorted members, or the fallback) produces it.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalize, canonicalPretty } from '../compiler/util/canonical-json.js';

/** The definition, written plainly: JSON.stringify's rules with every object's keys sorted. */
function reference(v: unknown, key = ''): string | undefined {
  if (typeof v === 'object' && v !== null && typeof (v as { toJSON?: unknown }).toJSON === 'function') v = (v as { toJSON(k: string): unknown }).toJSON(key);
  if (v instanceof Number || v instanceof String || v instanceof Boolean) v = v.valueOf();
  if (v === undefined) return undefined;
  if (v === null) return 'null';
  if (Array.isArray(v)) return `[${Array.from({ length: v.length }, (_, i) => reference(v[i], String(i)) ?? 'null').join(',')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o).filter((k) => reference(o[k], k) !== undefined).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${keys.map((k) => `${JSON.stringify(k)}:${reference(o[k], k)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** Not plain data: what JSON.stringify writes for it comes from toJSON() or unboxing. */
class Point {
  constructor(readonly y: number, readonly x: number) {}
  toJSON(key: string) { return { z: key, y: this.y, x: this.x }; }
}
const exotic = fc.oneof(
  fc.date({ noInvalidDate: true }),
  fc.tuple(fc.integer(), fc.integer()).map(([y, x]) => new Point(y, x)),
  fc.string().map((t) => new String(t)),
  fc.integer().map((n) => new Number(n)),
  fc.constant({ b: 1, toJSON: () => ({ d: 1, c: new Date(0) }) }), // toJSON once: the Date it returns stays an object
  fc.constant([1, , 3]), // eslint-disable-line no-sparse-arrays
);

// Keys that exercise both writers: index-like, `__proto__`, empty, astral, look-alikes.
const key = fc.oneof(fc.string(), fc.constantFrom('0', '1', '10', '9', '007', '4294967295', '-1', '__proto__', 'constructor', '', '\u{1f600}', '\uffff', 'a', 'B'));
const json = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, fc.string(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined),
    exotic, fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(key, tie('value'), { maxKeys: 5 })),
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

  it('writes what JSON.stringify writes for toJSON(), boxed values and holes, keys sorted', () => {
    expect(canonicalize({ p: new Point(2, 1) })).toBe('{"p":{"x":1,"y":2,"z":"p"}}');
    expect(canonicalize({ b: new Date(0), a: new String('ab'), c: [1, , new Number(3)] })).toBe('{"a":"ab","b":"1970-01-01T00:00:00.000Z","c":[1,null,3]}'); // eslint-disable-line no-sparse-arrays
    expect(canonicalize({ b: 1, toJSON: () => ({ z: 1, y: 2 }) })).toBe('{"y":2,"z":1}');
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
