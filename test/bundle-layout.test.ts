// bundle.json's layout (bundle/layout.ts): the canonical JSON with line breaks added between the
// members of its tables. The digest, OPA's data.json and the loader rely on removing every line
// break giving the canonical JSON back; diffs and the loader rely on one member per line.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bundleFileText, forEachLine, LINE_TABLES, withoutLineBreaks } from '../compiler/bundle/layout.js';
import { canonicalize } from '../compiler/util/canonical-json.js';

// Strings with line breaks, quotes and separators in them: JSON escapes them, so no raw line break.
const text = fc.oneof(fc.string(), fc.constantFrom('\n', '\r\n', '"\n}', '},\n"x":{', '\u2028', 'José'));
const key = text.filter((k) => !/^(0|[1-9][0-9]*)$/.test(k) && k !== '__proto__');
const json = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, fc.jsonValue({ maxDepth: 0 }), text, fc.array(tie('value'), { maxLength: 3 }), fc.dictionary(key, tie('value'), { maxKeys: 3 })),
})).value;
const table = fc.oneof(fc.dictionary(key, json, { maxKeys: 5 }), json);
const bundleLike = fc.record({ actors: table, digest: fc.string(), grants: table, rules: table, runbooks: table, schemaVersion: json, extra: json }, { requiredKeys: [] });

const bytes = (s: string) => Buffer.from(s, 'utf8');
const str = (b: Uint8Array) => Buffer.from(b).toString('utf8');

describe('bundle.json layout', () => {
  it('is the canonical JSON once its line breaks are removed, and parses to the same value', () => {
    fc.assert(fc.property(fc.oneof(bundleLike, json), (value) => {
      const laidOut = bundleFileText(value);
      expect(laidOut.endsWith('\n')).toBe(true);
      expect(str(withoutLineBreaks(bytes(laidOut)))).toBe(canonicalize(value));
      expect(JSON.parse(laidOut)).toEqual(JSON.parse(canonicalize(value)));
    }), { numRuns: 1000 });
  });

  it('puts each member of a non-empty table on a line of its own, and the table\'s closing brace on the next', () => {
    fc.assert(fc.property(bundleLike, (value) => {
      const lines = bundleFileText(value).split('\n');
      for (const name of LINE_TABLES) {
        const t = (value as Record<string, unknown>)[name];
        if (typeof t !== 'object' || t === null || Array.isArray(t) || Object.keys(t).length === 0) continue;
        const opening = lines.findIndex((l) => l.endsWith(`${JSON.stringify(name)}:{`));
        expect(opening).toBeGreaterThanOrEqual(0);
        const keys = Object.keys(t).sort();
        keys.forEach((k, i) => {
          const line = lines[opening + 1 + i]!;
          const member = `${JSON.stringify(k)}:${canonicalize((t as Record<string, unknown>)[k])}`;
          expect(line).toBe(i < keys.length - 1 ? `${member},` : member);
        });
        expect(lines[opening + 1 + keys.length]!.startsWith('}')).toBe(true);
      }
    }), { numRuns: 500 });
  });

  it('writes empty tables, and values that are not plain objects, on one line', () => {
    expect(bundleFileText({ rules: {}, runbooks: [1, 2], grants: null })).toBe('{"grants":null,"rules":{},"runbooks":[1,2]}\n');
    expect(bundleFileText([{ rules: { a: 1 } }])).toBe('[{"rules":{"a":1}}]\n');
    expect(bundleFileText({ x: { rules: { a: 1 } } })).toBe('{"x":{"rules":{"a":1}}}\n'); // only top-level tables
  });

  it('forEachLine visits every byte between line breaks, in order, within the range', () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom('a', 'b', '\n') }), fc.nat(), fc.nat(), (s, x, y) => {
      const b = bytes(s);
      const [start, end] = [Math.min(x, y) % (b.length + 1), Math.max(x, y) % (b.length + 1)].sort((p, q) => p - q) as [number, number];
      let seen = '';
      forEachLine(b, start, end, (from, to) => {
        expect(to).toBeGreaterThan(from);
        seen += str(b.subarray(from, to));
      });
      expect(seen).toBe(s.slice(start, end).replaceAll('\n', ''));
    }), { numRuns: 1000 });
  });
});
