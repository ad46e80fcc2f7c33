// The bundle structure check has two implementations: shape-fast.ts answers yes/no on every load,
// shape.ts explains what is wrong. They must agree, or a bundle one of them rejects would load.
// Checked on every fixture bundle and on random mutations of them (fast-check): a value replaced
// anywhere in the tree, a member removed, added or renamed. The explaining checker must also
// never throw, whatever it is given.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile } from '../compiler/compile/index.js';
import { checkBundleShape } from '../compiler/enforcer/shape.js';
import { shapeOk } from '../compiler/enforcer/check-records.js';
import { FIXTURES, loadDir } from './compile-fixtures.js';
import { compiledBundles } from './conformance/fixtures.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const bundles: Array<[string, Json]> = [
  ...[...compiledBundles()].map(([name, b]): [string, Json] => [name, JSON.parse(JSON.stringify(b)) as Json]),
  ['compile fixtures', JSON.parse(JSON.stringify(compile(loadDir(FIXTURES), { revision: null }))) as Json],
];

/** Every path to a value inside `v` (objects and arrays included), root excluded. */
function paths(v: Json, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (v === null || typeof v !== 'object') return [];
  const entries: Array<[string | number, Json]> = Array.isArray(v) ? v.map((x, i) => [i, x]) : Object.entries(v);
  return entries.flatMap(([k, x]) => [[...prefix, k], ...paths(x, [...prefix, k])]);
}

function parentOf(root: Json, path: Array<string | number>): { parent: Record<string | number, Json>; key: string | number } {
  let node = root as Record<string | number, Json>;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, Json>;
  return { parent: node, key: path[path.length - 1]! };
}

// Values that are right somewhere in a bundle, so mutations often land on something plausible.
const PLAUSIBLE: Json[] = [
  null, true, false, 0, -1, 1, 0.5, 2, 1e9, '', 'x', 'ada', 'approve', 'deny', 'sev1', 'mon', 'above', 'person',
  '09:00', '24:00', '2026-11-03', '2026-13-01', '2026-02-30', '2025-02-29', '2024-02-29', '0999-01-01', 'checkout-scale-out', 'checkout-scale-out#scale-out',
  'autoscaler-agent', 'ops|agent', 'a#b', 'Upper', 'x'.repeat(65), [], ['x'], {}, { name: 'A', email: 'a@example.com' },
  { toString: '' },
];

const mutation = (root: Json) => {
  const all = paths(root);
  return fc.record({
    path: fc.constantFrom(...all),
    op: fc.constantFrom('replace', 'delete', 'add', 'rename'),
    value: fc.oneof(fc.constantFrom(...PLAUSIBLE), fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>),
    name: fc.constantFrom('extra', 'id', 'gate', 'to', 'contact', 'chat', 'unit', 'ops|agent', 'a#b', 'Upper', 'x', 'ada'),
  });
};

function mutate(root: Json, m: { path: Array<string | number>; op: string; value: Json; name: string }): Json {
  const copy = structuredClone(root);
  const { parent, key } = parentOf(copy, m.path);
  if (m.op === 'replace') parent[key] = m.value;
  else if (m.op === 'rename') {
    // A key renamed (ids are keys: runbooks, actors, contacts, rules, grants); arrays keep theirs.
    if (!Array.isArray(parent) && m.name !== key) {
      parent[m.name] = parent[key]!;
      delete parent[key];
    }
  }
  else if (m.op === 'delete') {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key];
  } else {
    const target = parent[key];
    if (target !== null && typeof target === 'object' && !Array.isArray(target)) (target as Record<string, Json>)[m.name] = m.value;
    else parent[key] = m.value;
  }
  return copy;
}

describe('the structure check: fast path and explaining checker', () => {
  it.each(bundles)('accept the %s bundle', (_, b) => {
    expect(checkBundleShape(b as Record<string, unknown>)).toEqual([]);
    expect(shapeOk(b as Record<string, unknown>)).toBe(true);
  });

  it.each(bundles)('agree on every mutation of the %s bundle', (_, b) => {
    let rejected = 0;
    fc.assert(fc.property(mutation(b), (m) => {
      const changed = mutate(b, m) as Record<string, unknown>;
      const problems = checkBundleShape(changed);
      if (problems.length > 0) rejected++;
      expect(shapeOk(changed), `${m.op} ${m.path.join('/')} = ${JSON.stringify(m.value)}: ${problems.join('; ')}`).toBe(problems.length === 0);
    }), { numRuns: 1500 });
    // The mutations are not all harmless: the property would be empty otherwise.
    expect(rejected).toBeGreaterThan(300);
  });
});
