// Prepared grants keep their numbers and strings in arrays shared by the bundle's grants, each at
// an offset (compiler/enforcer/arena.ts). A decision must not depend on where its grant landed.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FIRST_CHUNK, GrantArena, MAX_CHUNK } from '../compiler/enforcer/arena.js';
import { decide, loadBundle } from '../compiler/enforcer/index.js';
import { CONFORMANCE, readCases } from './conformance/cases.js';

describe('GrantArena', () => {
  it('places numbers one grant after another and starts a new chunk when they do not fit', () => {
    const arena = new GrantArena();
    const a = arena.placeNums([1, NaN, -Infinity]);
    const b = arena.placeNums([2.5, 3]);
    expect(a.at).toBe(0);
    expect(a.chunk.length).toBe(FIRST_CHUNK);
    expect(b.chunk).toBe(a.chunk);
    expect(b.at).toBe(3);
    expect([...a.chunk.subarray(0, 5)]).toEqual([1, NaN, -Infinity, 2.5, 3]);

    const c = arena.placeNums(new Array(FIRST_CHUNK - 5).fill(7)); // fills the chunk exactly
    expect(c.chunk).toBe(a.chunk);
    const d = arena.placeNums([8, 9]);
    expect(d.chunk).not.toBe(a.chunk);
    expect(d.chunk.length).toBe(2 * FIRST_CHUNK); // chunks double
    expect(d.at).toBe(0);
    expect([...d.chunk.subarray(0, 2)]).toEqual([8, 9]);
    expect(a.chunk[FIRST_CHUNK - 1]).toBe(7); // the earlier grants' values stay where they were
    expect(a.chunk[4]).toBe(3);
  });

  it('grows chunks up to the largest size, and a chunk is never smaller than the grant', () => {
    const arena = new GrantArena();
    let last = arena.placeNums([0]).chunk;
    const sizes = [last.length];
    while (last.length < MAX_CHUNK) {
      last = arena.placeNums(new Array(last.length).fill(1)).chunk; // never fits the rest of the chunk
      sizes.push(last.length);
    }
    expect(sizes.slice(0, 3)).toEqual([FIRST_CHUNK, 2 * FIRST_CHUNK, 4 * FIRST_CHUNK]);
    expect(Math.max(...sizes)).toBe(MAX_CHUNK);
    const big = arena.placeNums(new Array(MAX_CHUNK).fill(2)); // exactly the largest: a full chunk
    expect(big.chunk.length).toBe(MAX_CHUNK);
    expect(big.at).toBe(0);
  });

  it('gives a grant larger than the largest chunk a chunk of its own', () => {
    const arena = new GrantArena();
    const first = arena.placeNums([1]);
    const big = Array.from({ length: MAX_CHUNK + 3 }, (_, i) => i);
    const placed = arena.placeNums(big);
    expect(placed.chunk).not.toBe(first.chunk);
    expect(placed.at).toBe(0);
    expect(placed.chunk.length).toBe(big.length);
    expect(placed.chunk[big.length - 1]).toBe(big.length - 1);
    expect(arena.placeNums([2])).toEqual({ chunk: first.chunk, at: 1 }); // the shared chunk carries on
  });

  it('appends strings and returns where each grant starts', () => {
    const arena = new GrantArena();
    expect(arena.placeStrs(['a', 'b'])).toBe(0);
    expect(arena.placeStrs([])).toBe(2);
    expect(arena.placeStrs(['c'])).toBe(2);
    expect(arena.strs).toEqual(['a', 'b', 'c']);
  });
});

describe('prepared grants at any offset', () => {
  // Each conformance case decided on a fresh load (its grant is the first prepared: offset 0) and
  // on a load where other grants of the bundle were prepared first, in a random order: an
  // evaluator that read a grant's values without its offset would answer differently.
  const byBundle = new Map<string, Array<{ note: string; request: unknown }>>();
  for (const { cases } of readCases()) {
    for (const c of cases) {
      if (c.key !== undefined || c.requireSignature === true) continue;
      const list = byBundle.get(c.bundle) ?? [];
      list.push({ note: c.note, request: c.request });
      byBundle.set(c.bundle, list);
    }
  }
  /** The grant keys of a fixture bundle; none when it is not JSON (the broken fixtures). */
  function grantKeys(bundle: string): string[] {
    try {
      return Object.keys((JSON.parse(readFileSync(join(CONFORMANCE, 'bundles', bundle), 'utf8')) as { grants: object }).grants);
    } catch {
      return [];
    }
  }
  /** A well-formed request for a grant: deciding it prepares the grant. */
  const priming = (key: string) => {
    const [actor, action, service] = key.split('|');
    return {
      actor, action, service, model: { name: 'prime', version: '0' }, parameters: {}, signals: [], confidence: 0.5,
      rationale: 'prepare the grant', time: '2026-11-03T10:00:00Z',
    };
  };
  const multi = [...byBundle].filter(([bundle]) => grantKeys(bundle).length >= 2);

  it('several fixture bundles hold several grants', () => {
    // Otherwise every grant would sit at offset 0 and the property below could not fail.
    expect(multi.map(([bundle]) => bundle).sort()).toEqual(expect.arrayContaining(['envelope.json', 'gates.json', 'windows.json']));
  });

  for (const [bundle, cases] of multi) {
    it(`${bundle}: every case decides the same whatever was prepared before it`, async () => {
      const path = join(CONFORMANCE, 'bundles', bundle);
      const keys = grantKeys(bundle);
      const alone = await Promise.all(cases.map(async (c) => JSON.stringify(decide(await loadBundle({ path }), c.request))));
      // Each run primes a fresh load and then decides every case on it (a case's grant lands
      // after the primed ones, or after an earlier case's).
      await fc.assert(fc.asyncProperty(fc.shuffledSubarray(keys, { minLength: 1 }), async (before) => {
        const loaded = await loadBundle({ path });
        for (const key of before) decide(loaded, priming(key));
        for (let i = 0; i < cases.length; i++) expect(JSON.stringify(decide(loaded, cases[i]!.request)), cases[i]!.note).toBe(alone[i]);
      }), { numRuns: 30, examples: [[[...keys].reverse()]] });
    });
  }
});
