// Locating a bundle's records in its text (bundle-text.ts, records.ts). The loader trusts the
// located records to be what JSON.parse of the whole text holds, so: text as the build writes it
// (a table member per line) and compact text are located and give exactly the parsed value's records; anything else is refused (and then parsed whole);
// and no text, however broken, is located into records that differ from JSON.parse's — or
// located at all when JSON.parse would reject it.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanBundle, type BundleText } from '../compiler/enforcer/bundle-text.js';
import { decide, loadBundle, computeDigest } from '../compiler/enforcer/index.js';
import { objectRecords, textRecords, type BundleRecords } from '../compiler/enforcer/records.js';
import { bundleFileText } from '../compiler/bundle/layout.js';
import { canonicalize } from '../compiler/util/canonical-json.js';

const ROOT = join(import.meta.dirname, '..');
const prettyText = readFileSync(join(ROOT, 'test', 'conformance', 'bundles', 'scaling.json'), 'utf8');
/** As `gatebook build` writes it (the fixture files are pretty-printed to be read). */
const scalingText = bundleFileText(JSON.parse(prettyText));
/** The same on one line (builds before the layout, `jq -c`). */
const compactText = `${canonicalize(JSON.parse(prettyText))}\n`;
/** The two layouts the loader locates. */
const layouts = [(b: unknown) => canonicalize(b), (b: unknown) => bundleFileText(b)];

function locate(text: string): BundleText | null {
  const bytes = Buffer.from(text, 'utf8');
  return scanBundle(bytes, (start, end) => bytes.toString('utf8', start, end));
}

/** Everything a record source gives, as plain data (tables by id: index-like ids, "0", come
 * first in a parsed object's key order, ascending in the text's, and the order means nothing). */
function contents(src: BundleRecords): unknown {
  const table = (ids: readonly string[] | null, at: (id: string) => number, get: (i: number) => unknown) =>
    ids && { count: ids.length, records: Object.fromEntries(ids.map((id) => [id, get(at(id))])) };
  return {
    top: { ...src.top },
    runbooks: table(src.runbookIds, (id) => src.runbookAt(id), (i) => src.runbook(i)),
    rules: table(src.ruleIds, (id) => src.ruleAt(id), (i) => src.rule(i)),
  };
}

/** The records located in `text`, or null when it is refused or one of them is not JSON. */
function locatedContents(text: string): unknown {
  const bt = locate(text);
  const src = bt && textRecords(bt);
  if (src === null) return null;
  const c = contents(src) as Record<'runbooks' | 'rules', { records: Record<string, unknown> } | null>;
  if ([...Object.values(c.runbooks?.records ?? {}), ...Object.values(c.rules?.records ?? {})].some((r) => r === undefined)) return null;
  return c;
}

/** JSON.parse of the same bytes (an edit can split a character; its UTF-8 then holds U+FFFD). */
const wholeContents = (text: string): unknown => contents(objectRecords(JSON.parse(Buffer.from(text).toString('utf8')) as Record<string, unknown>));

// Keys and strings that tempt a scanner: quotes, backslashes, brackets, separators, non-ASCII.
const tricky = fc.oneof(
  fc.string(),
  fc.constantFrom('"', '\\', '\\"', '{', '}', '[', ']', ',', ':', '},"x":{', 'José', '€', '😀', '\u2028', '__proto__', '', '\t', '\n', '\u0001', '\u007f'),
);
const value = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small' }, fc.jsonValue({ maxDepth: 0 }), tricky, fc.array(tie('v'), { maxLength: 3 }), fc.dictionary(tricky, tie('v'), { maxKeys: 3 })),
})).v;
const bundleLike = fc.record({
  actors: fc.dictionary(tricky, value, { maxKeys: 3 }),
  digest: fc.string(),
  grants: fc.dictionary(tricky, fc.string(), { maxKeys: 3 }),
  revision: fc.oneof(fc.constant(null), fc.string()),
  rules: fc.oneof(fc.dictionary(tricky, value, { maxKeys: 4 }), value),
  runbooks: fc.oneof(fc.dictionary(tricky, value, { maxKeys: 4 }), value),
  extra: value,
}, { requiredKeys: ['digest'] });

describe('locating records in bundle text', () => {
  it('locates a compiled bundle, a table member per line or on one line, and gives the records JSON.parse gives', () => {
    expect(scalingText.split('\n').length).toBeGreaterThan(10);
    for (const text of [scalingText, compactText]) {
      const bt = locate(text);
      expect(bt).not.toBeNull();
      expect(bt!.runbooks!.ids).toEqual(Object.keys(JSON.parse(text).runbooks));
      expect(locatedContents(text)).toEqual(wholeContents(text));
    }
  });

  it('locates any canonical JSON object, in either layout, and gives what JSON.parse gives', () => {
    fc.assert(fc.property(bundleLike, fc.constantFrom(...layouts), (b, layout) => {
      const text = layout(b);
      expect(locate(text)).not.toBeNull();
      expect(locatedContents(text)).toEqual(wholeContents(text));
    }), { numRuns: 1000 });
  });

  it('locates compact text in any key order only when it gives what JSON.parse gives', () => {
    fc.assert(fc.property(bundleLike, (b) => {
      const text = JSON.stringify(b);
      const located = locatedContents(text);
      if (located !== null) expect(located).toEqual(wholeContents(text));
    }), { numRuns: 1000 });
  });

  it('refuses a table member per line when a line is not one member, or the table does not close on a line of its own', () => {
    for (const text of [
      scalingText.replace(',\n"checkout-scale-out#scale-out"', ',\n "checkout-scale-out#scale-out"'), // a line that does not open with its key
      scalingText.replace(/\n}(,"runbooks")/, ',\n}$1'), // a comma after the last member
      scalingText.replace(/,\n("checkout-scale-out#)/, '\n$1'), // no comma between two members
      scalingText.replace(/\n}(,"schemaVersion")/, '}$1'), // the closing brace on the last member's line
      scalingText.replace(/("rules":\{\n)(.*),\n(.*)\n}/, '$1$3,\n$2\n}'), // records out of order
    ]) {
      expect(text).not.toBe(scalingText);
      expect(locate(text), text.slice(0, 60)).toBeNull();
    }
  });

  it('refuses text that is not compact at the top two levels, keys twice there, or anything after the object', () => {
    const b = JSON.parse(scalingText) as Record<string, unknown>;
    const compact = JSON.stringify(b);
    expect(locate(`${compact}\n \t\r\n`)).not.toBeNull(); // white space after the object is JSON's too
    for (const text of [
      prettyText,
      JSON.stringify(b, null, 2),
      ` ${compact}`,
      compact.replace('"runbooks":{', '"runbooks": {'),
      compact.replace('"revision":', '"revision": '),
      compact.replace('"runbooks":{', '"runbooks":{"checkout-scale-out":{},'), // a record id twice
      compact.replace('{"actors":', '{"digest":"x","actors":'), // a top-level key twice
      compact.replace('{"actors":', '{"a\tb":1,"actors":'), // a raw control character in a key (JSON.parse refuses it)
      JSON.stringify({ ...b, rules: Object.fromEntries(Object.entries(b.rules as object).reverse()) }), // records out of order
      `${compact}x`,
      `${compact}{}`,
      '[]',
      '',
    ]) expect(locate(text), text.slice(0, 60)).toBeNull();
  });

  it('never locates records JSON.parse would not give, whatever is done to the text', () => {
    const edits = fc.array(fc.record({
      at: fc.nat(), cut: fc.nat({ max: 3 }),
      insert: fc.constantFrom('', '"', '\\', '{', '}', '[', ']', ',', ':', ' ', 'x', '1', '"a":1', '},', '\t', '\n', '\u0001', '\u001f', '\u007f'),
    }), { minLength: 1, maxLength: 3 });
    fc.assert(fc.property(bundleLike, fc.constantFrom(...layouts), edits, (b, layout, changes) => {
      let text = layout(b);
      for (const c of changes) {
        const at = c.at % (text.length + 1);
        text = text.slice(0, at) + c.insert + text.slice(at + c.cut);
      }
      const located = locatedContents(text);
      if (located === null) return; // refused: the loader parses the whole text instead
      expect(located).toEqual(wholeContents(text)); // throws if JSON.parse rejects what was located
    }), { numRuns: 3000 });
  });
});

describe('loadBundle over located records', () => {
  const base = JSON.parse(scalingText) as Record<string, any>;
  const request = {
    actor: 'autoscaler-agent', model: { name: 'kairos-scaler', version: '2026-08-14' }, action: 'scale-out', service: 'checkout-api',
    parameters: { replicas: 16, currentReplicas: 12 },
    signals: [{ id: 'checkout-p95', observedAt: '2026-11-03T09:59:30Z' }, { id: 'checkout-rps', observedAt: '2026-11-03T09:59:00Z' }],
    confidence: 0.92, rationale: 'load', lastActionAt: null, history: { directionChanges: [] }, time: '2026-11-03T10:00:00Z',
  };

  it('reads a bundle that is not ASCII (ranges of UTF-8 bytes) as it reads any other', async () => {
    const b = structuredClone(base);
    const runbook = Object.values(b.runbooks)[0] as { owner: { name: string } };
    runbook.owner.name = 'José Ñúñez 😀';
    b.digest = computeDigest(b);
    const loaded = await loadBundle({ bytes: Buffer.from(bundleFileText(b)) });
    expect(loaded.ok).toBe(true);
    const result = decide(loaded, request);
    expect(result.decision).toBe('allow');
    expect(JSON.stringify(result.record)).toContain('José Ñúñez 😀');
  });

  it('fails at the same stage however the text is laid out: a broken record is "not JSON" before a wrong schema version', async () => {
    const text = scalingText.replace('"title":"', '"title":"\\q').replace('"gatebook.bundle/v3"', '"gatebook.bundle/v9"');
    expect(locate(text)).not.toBeNull();
    const loaded = await loadBundle({ bytes: Buffer.from(text) });
    expect(loaded.status.reasons.map((r) => r.code)).toEqual(['BUNDLE_CORRUPT']);
    expect(loaded.status.reasons[0]!.message).toMatch(/not JSON/);
  });

  it('reads a line holding two members (valid JSON, not located as one record) as JSON.parse does', async () => {
    const text = scalingText.replace(/,\n("checkout-scale-out#)/, ',$1');
    expect(text).not.toBe(scalingText);
    expect(locate(text)).not.toBeNull();
    expect(locatedContents(text)).toBeNull(); // the line's "value" is two members: not one JSON value
    const loaded = await loadBundle({ bytes: Buffer.from(text) });
    expect(loaded.ok).toBe(true);
    expect(loaded.counts?.grants).toBe(3);
    expect(decide(loaded, request).decision).toBe('allow');
  });

  it('reads a bundle in either layout, a table member per line or on one line', async () => {
    for (const text of [scalingText, compactText]) {
      const loaded = await loadBundle({ bytes: Buffer.from(text) });
      expect(loaded.ok).toBe(true);
      expect(decide(loaded, request).decision).toBe('allow');
    }
  });

  it('reads a bundle whose records are out of order (parsed whole) as it reads the compact one', async () => {
    const b = structuredClone(base);
    b.rules = Object.fromEntries(Object.entries(b.rules).reverse());
    b.runbooks = Object.fromEntries(Object.entries(b.runbooks).reverse());
    const text = JSON.stringify(b);
    expect(locate(text)).toBeNull();
    const loaded = await loadBundle({ bytes: Buffer.from(text) });
    expect(loaded.ok).toBe(true);
    expect(decide(loaded, request).decision).toBe('allow');
  });

  it('calls a record that is not JSON corrupt, as the whole text is not JSON', async () => {
    const text = scalingText.replace('"title":"', '"title":"\\q'); // a record's text broken, its digest kept
    expect(locate(text)).not.toBeNull();
    const loaded = await loadBundle({ bytes: Buffer.from(text) });
    expect(loaded.status.reasons.map((r) => r.code)).toEqual(['BUNDLE_CORRUPT']);
    expect(loaded.status.reasons[0]!.message).toMatch(/not JSON/);
  });
});
