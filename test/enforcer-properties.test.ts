// Property tests of the reference enforcer (fast-check):
// - monotonic safety: a riskier request — bigger step, staler signal, lower confidence, an extra
//   region, higher spend, one more direction change or its history left out — is never decided
//   less strictly, and never fires fewer escalations;
// - any flipped byte in a signed bundle (or its signature) makes every decision deny;
// - a flipped byte in an unsigned bundle either fails the load or changes no decision.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { decide, loadBundle, RANK, type DecisionResult, type LoadedBundle } from '../compiler/enforcer/index.js';

const BUNDLES = join(import.meta.dirname, 'conformance', 'bundles');
const KEY = readFileSync(join(import.meta.dirname, 'conformance', 'keys', 'conformance.public.pem'), 'utf8');
const TIME_MS = Date.parse('2026-11-03T10:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
/** An instant given in microseconds, with six fraction digits (every digit counts). */
const isoMicro = (us: number) => iso(Math.floor(us / 1000)).replace('Z', `${String(((us % 1000) + 1000) % 1000).padStart(3, '0')}Z`);
const SIGNALS = ['checkout-p95', 'checkout-rps', 'checkout-cpu', 'cart-queue', 'checkout-5xx'];
const REGIONS = ['eu-west-1', 'eu-central-1', 'us-east-1', 'ap-south-1', 'sa-east-1'];

let scaling: LoadedBundle;
let envelope: LoadedBundle;
beforeAll(async () => {
  scaling = await loadBundle({ path: join(BUNDLES, 'scaling.json') });
  envelope = await loadBundle({ path: join(BUNDLES, 'envelope.json') });
  expect(scaling.ok && envelope.ok).toBe(true);
});

/** `b` is at least as strict as `a`, and fires every escalation `a` fires. */
function noLessStrict(a: DecisionResult, b: DecisionResult): void {
  const summary = (r: DecisionResult) => `${r.decision} [${r.reasons.map((x) => x.code).join(', ')}]`;
  expect(RANK[b.decision], `${summary(a)} → ${summary(b)}`).toBeGreaterThanOrEqual(RANK[a.decision]);
  const ons = new Set(b.escalations.map((e) => e.on));
  for (const e of a.escalations) expect(ons.has(e.on), `lost escalation ${e.on}`).toBe(true);
}

// Everything about a scale-out request that is not the axis under test.
const context = fc.record({
  current: fc.integer({ min: 6, max: 48 }),
  up: fc.boolean(),
  step: fc.integer({ min: 0, max: 40 }),
  /** Ages in microseconds, from the 5 s of clock skew tolerated (-5 s) to well past the maximum age. */
  signals: fc.array(fc.record({ id: fc.constantFrom(...SIGNALS), age: fc.integer({ min: -5_000_000, max: 400_000_000 }) }), { maxLength: 5 }),
  confidence: fc.double({ min: 0, max: 1, noNaN: true }),
  lastActionAge: fc.option(fc.integer({ min: 0, max: 600 })),
  pinned: fc.boolean(),
  uncertain: fc.boolean(),
  dayOffset: fc.integer({ min: 0, max: 400 }),
  /** Ages of the direction changes in seconds; null: the request leaves history out. */
  changes: fc.option(fc.array(fc.integer({ min: 0, max: 1200 }), { maxLength: 3 }), { nil: null }),
});
type Context = typeof context extends fc.Arbitrary<infer T> ? T : never;

function scaleOut(c: Context): Record<string, unknown> {
  const time = TIME_MS + c.dayOffset * 86_400_000;
  const target = c.up ? c.current + c.step : c.current - c.step;
  return {
    actor: 'autoscaler-agent',
    model: { name: 'kairos-scaler', version: c.pinned ? '2026-08-14' : '2026-10-01' },
    action: 'scale-out',
    service: 'checkout-api',
    parameters: { replicas: target, currentReplicas: c.current },
    signals: c.signals.map((s) => ({ id: s.id, observedAt: isoMicro(time * 1000 - s.age) })),
    confidence: c.confidence,
    rationale: 'property test',
    lastActionAt: c.lastActionAge === null ? null : iso(time - c.lastActionAge * 1000),
    uncertainty: c.uncertain ? ['model-disagreement'] : [],
    ...(c.changes === null ? {} : { history: { directionChanges: c.changes.map((age) => iso(time - age * 1000)) } }),
    time: iso(time),
  };
}

describe('monotonic safety', () => {
  it('a bigger step (same direction, current inside the bounds) is never less strict', () => {
    fc.assert(fc.property(context, fc.integer({ min: 1, max: 60 }), (c, more) => {
      fc.pre(c.up || c.current - c.step - more >= 0);
      noLessStrict(decide(scaling, scaleOut(c)), decide(scaling, scaleOut({ ...c, step: c.step + more })));
    }), { numRuns: 500 });
  });

  it('a staler signal is never less strict', () => {
    fc.assert(fc.property(context, fc.nat(), fc.oneof(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 3_600_000_000 })), (c, which, older) => {
      fc.pre(c.signals.length > 0);
      const i = which % c.signals.length;
      const staler = c.signals.map((s, k) => (k === i ? { ...s, age: s.age + older } : s));
      noLessStrict(decide(scaling, scaleOut(c)), decide(scaling, scaleOut({ ...c, signals: staler })));
    }), { numRuns: 500 });
  });

  it('an observation dated after the skew tolerated is no evidence: never less strict than one observed now', () => {
    // The one way an older timestamp can loosen a decision: a signal dated more than 5 s after the
    // request is not evidence at all (a clock is wrong), so moving it back to the present makes it count.
    fc.assert(fc.property(context, fc.nat(), fc.integer({ min: 5_000_001, max: 86_400_000_000 }), (c, which, ahead) => {
      fc.pre(c.signals.length > 0);
      const i = which % c.signals.length;
      const at = (age: number) => c.signals.map((s, k) => (k === i ? { ...s, age } : s));
      noLessStrict(decide(scaling, scaleOut({ ...c, signals: at(0) })), decide(scaling, scaleOut({ ...c, signals: at(-ahead) })));
    }), { numRuns: 500 });
  });

  it('a lower confidence is never less strict', () => {
    fc.assert(fc.property(context, fc.double({ min: 0, max: 1, noNaN: true }), (c, lower) => {
      const less = Math.min(c.confidence, lower);
      noLessStrict(decide(scaling, scaleOut(c)), decide(scaling, scaleOut({ ...c, confidence: less })));
    }), { numRuns: 500 });
  });

  it('one more direction change, or the history left out, is never less strict', () => {
    fc.assert(fc.property(context, fc.integer({ min: 0, max: 1200 }), (c, age) => {
      fc.pre(c.changes !== null);
      const before = decide(scaling, scaleOut(c));
      noLessStrict(before, decide(scaling, scaleOut({ ...c, changes: [...c.changes!, age] })));
      noLessStrict(before, decide(scaling, scaleOut({ ...c, changes: null })));
    }), { numRuns: 500 });
  });

  it('an extra region is never less strict', () => {
    const move = (regions: string[], single: boolean) => ({
      actor: 'capacity-bot', model: { name: 'capa', version: '3.1' }, action: 'move-workload', service: 'batch-workers',
      parameters: single ? { region: regions[0], regions: regions.slice(1) } : { regions },
      signals: [], confidence: 0.9, rationale: 'property test', time: '2026-11-03T10:00:00Z',
    });
    fc.assert(fc.property(
      fc.uniqueArray(fc.constantFrom(...REGIONS), { minLength: 1, maxLength: 4 }), fc.constantFrom(...REGIONS), fc.boolean(),
      (regions, extra, single) => {
        noLessStrict(decide(envelope, move(regions, single)), decide(envelope, move([...regions, extra], single)));
      },
    ), { numRuns: 300 });
  });

  it('a higher spend is never less strict', () => {
    const buy = (spend: number, currency: string | undefined, instanceType: string) => ({
      actor: 'capacity-bot', model: { name: 'capa', version: '3.1' }, action: 'change-instance', service: 'batch-workers',
      parameters: currency === undefined ? { instanceType, spend } : { instanceType, spend, currency },
      signals: [], confidence: 0.9, rationale: 'property test', time: '2026-11-03T10:00:00Z',
    });
    fc.assert(fc.property(
      fc.double({ min: 0, max: 2000, noNaN: true }), fc.double({ min: 0, max: 2000, noNaN: true }),
      fc.constantFrom(undefined, 'EUR', 'USD'), fc.constantFrom('m6i.large', 'c7g.metal'),
      (spend, more, currency, instanceType) => {
        noLessStrict(decide(envelope, buy(spend, currency, instanceType)), decide(envelope, buy(spend + more, currency, instanceType)));
      },
    ), { numRuns: 300 });
  });
});

describe('flipped bytes', () => {
  const signedBytes = readFileSync(join(BUNDLES, 'signed', 'bundle.json'));
  const signatures = readFileSync(join(BUNDLES, 'signed', 'bundle.signatures.json'));
  const probes = [
    scaleOut({ current: 12, up: true, step: 4, signals: [{ id: 'checkout-p95', age: 10_000_000 }, { id: 'checkout-rps', age: 20_000_000 }], confidence: 0.95, lastActionAge: null, pinned: true, uncertain: false, dayOffset: 0, changes: [] }),
    { ...scaleOut({ current: 12, up: true, step: 4, signals: [], confidence: 0.95, lastActionAge: null, pinned: true, uncertain: false, dayOffset: 0, changes: [] }), service: 'cart-service' },
    { actor: 'ops-copilot', model: { name: 'claude-ops', version: '2026-09-15' }, action: 'raise-hpa-ceiling', service: 'checkout-api', parameters: {}, signals: [], confidence: 0.9, rationale: 'probe', time: '2026-11-03T10:00:00Z' },
  ];
  const flip = (bytes: Uint8Array, at: number, mask: number) => {
    const copy = Uint8Array.from(bytes);
    copy[at % copy.length]! ^= mask;
    return copy;
  };

  it('the unflipped signed bundle verifies and allows (control)', async () => {
    const loaded = await loadBundle({ bytes: signedBytes, signatures }, { publicKeyPem: KEY });
    expect(loaded.signature).toBe('verified');
    expect(decide(loaded, probes[0]).decision).toBe('allow');
  });

  it('any flipped byte in a signed bundle makes every decision deny', async () => {
    await fc.assert(fc.asyncProperty(fc.nat(), fc.integer({ min: 1, max: 255 }), async (at, mask) => {
      const loaded = await loadBundle({ bytes: flip(signedBytes, at, mask), signatures }, { publicKeyPem: KEY });
      expect(loaded.ok).toBe(false);
      for (const probe of probes) expect(decide(loaded, probe).decision).toBe('deny');
    }), { numRuns: 300 });
  });

  it('any flipped byte in the signature file makes every decision deny', async () => {
    await fc.assert(fc.asyncProperty(fc.nat(), fc.integer({ min: 1, max: 255 }), async (at, mask) => {
      const loaded = await loadBundle({ bytes: signedBytes, signatures: flip(signatures, at, mask) }, { publicKeyPem: KEY });
      // A flip inside the JSON's white space or in an unused base64url bit could leave it valid;
      // then the bundle is the signed one and the decision must be exactly the unflipped one.
      if (loaded.ok) expect(decide(loaded, probes[0]).decision).toBe('allow');
      else for (const probe of probes) expect(decide(loaded, probe).decision).toBe('deny');
    }), { numRuns: 300 });
  });

  it('a flipped byte in an unsigned bundle either fails the load or changes no decision', async () => {
    const bytes = readFileSync(join(BUNDLES, 'scaling.json'));
    const original = await loadBundle({ bytes });
    const expected = probes.map((p) => decide(original, p).decision);
    await fc.assert(fc.asyncProperty(fc.nat(), fc.integer({ min: 1, max: 255 }), async (at, mask) => {
      const loaded = await loadBundle({ bytes: flip(bytes, at, mask) });
      if (loaded.ok) expect(probes.map((p) => decide(loaded, p).decision)).toEqual(expected);
      else for (const probe of probes) expect(decide(loaded, probe).decision).toBe('deny');
    }), { numRuns: 300 });
  });
});
