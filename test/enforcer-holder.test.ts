// Enforcer (BundleHolder): atomic swap, and a failed new bundle denies everything instead of
// silently keeping the old one.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BundleHolder, Enforcer, loadBundle } from '../compiler/enforcer/index.js';

const BUNDLES = join(import.meta.dirname, 'conformance', 'bundles');
const good = { path: join(BUNDLES, 'scaling.json') };
const corrupt = { path: join(BUNDLES, 'broken', 'digest-mismatch.json') };
const missing = { path: join(BUNDLES, 'nope.json') };
const request = {
  actor: 'autoscaler-agent', model: { name: 'kairos-scaler', version: '2026-08-14' }, action: 'scale-out', service: 'checkout-api',
  parameters: { replicas: 16, currentReplicas: 12 },
  signals: [{ id: 'checkout-p95', observedAt: '2026-11-03T09:59:30Z' }, { id: 'checkout-rps', observedAt: '2026-11-03T09:59:00Z' }],
  confidence: 0.92, rationale: 'load', lastActionAt: null, history: { directionChanges: [] }, time: '2026-11-03T10:00:00Z',
};
const codes = (e: Enforcer) => e.decide(request).reasons.map((r) => r.code);

describe('Enforcer', () => {
  it('denies everything before its first load', () => {
    const e = new Enforcer();
    expect(e.decide(request).decision).toBe('deny');
    expect(codes(e)).toEqual(['BUNDLE_NOT_LOADED']);
    expect(BundleHolder).toBe(Enforcer);
  });

  it('swaps in a good bundle, and a failed one replaces it: deny, never the old bundle', async () => {
    const e = new Enforcer();
    expect((await e.load(good)).ok).toBe(true);
    expect(e.decide(request).decision).toBe('allow');
    expect((await e.load(corrupt)).ok).toBe(false);
    expect(e.decide(request).decision).toBe('deny');
    expect(codes(e)).toEqual(['BUNDLE_DIGEST_MISMATCH']);
    await e.load(missing);
    expect(codes(e)).toEqual(['BUNDLE_MISSING']);
    await e.load(good);
    expect(e.decide(request).decision).toBe('allow');
  });

  it('replaces its bundle with a denying one when load() or swap() is given something that is no bundle', async () => {
    const e = new Enforcer();
    for (const source of [null, undefined, good.path, 42, { path: 7 }]) {
      expect((await e.load(good)).ok).toBe(true);
      const loaded = await e.load(source as never); // untyped callers: never rejects
      expect(loaded.ok).toBe(false);
      expect(codes(e)).toEqual(['BUNDLE_MISSING']);
    }
    expect(e.decide(request).reasons[0]!.message).toMatch(/takes \{ path \} or \{ bytes \}/);
    const throwingSource = { get path(): string { throw new Error('no path'); } };
    expect((await e.load(good)).ok).toBe(true);
    expect((await e.load(throwingSource as never)).ok).toBe(false); // resolves, denying: never rejects
    expect(codes(e)).toEqual(['BUNDLE_CORRUPT']);
    for (const bundle of [undefined, null, loadBundle(good), new Response('{}'), { status: { gate: 'bundle', decision: 'allow', reasons: [] } }]) {
      expect((await e.load(good)).ok).toBe(true);
      e.swap(bundle as never);
      expect(codes(e)).toEqual(['BUNDLE_NOT_LOADED']);
      expect(e.bundle.ok).toBe(false);
    }
  });

  it('keeps deciding with the current bundle until the new one is complete', async () => {
    const e = new Enforcer();
    await e.load(good);
    const pending = e.load(corrupt);
    expect(e.decide(request).decision).toBe('allow');
    await pending;
    expect(e.decide(request).decision).toBe('deny');
  });

  it('lets the load started last win, whatever order loads finish in', async () => {
    const e = new Enforcer();
    const first = e.load(good);
    const second = e.load(missing);
    await Promise.all([second, first]);
    expect(codes(e)).toEqual(['BUNDLE_MISSING']);
    const third = e.load(good);
    e.swap(await loadBundle(corrupt));
    await third;
    expect(codes(e)).toEqual(['BUNDLE_DIGEST_MISMATCH']);
  });

  it('applies its load options to every load', async () => {
    const e = new Enforcer({ requireSignature: true });
    await e.load(good);
    expect(codes(e)).toEqual(['BUNDLE_KEY_MISSING']);
  });
});
