// The safe operating envelope, keyed by the request parameter it bounds, so an enforcer checks a
// parameter with one lookup. When the same parameter is bounded twice (envelope.replicas and a
// `limits` entry for `replicas`, or two `limits` entries) the strictest bound wins: a bundle can
// only ever be safer than any one of the declarations it came from.

import type { BundleEnvelope, NumericBound } from '../bundle/types.js';
import type { Envelope } from '../language/runbook.js';
import { sortedStrings } from './order.js';
import type { RunbookScope } from './resolve.js';

export const DEFAULT_OUTSIDE = 'approve' as const;
export const DEFAULT_FAR_OUTSIDE_MARGIN = 0.5;

export function compileEnvelope(scope: RunbookScope, envelope: Envelope | undefined, path: string): BundleEnvelope {
  const e = envelope ?? {};
  const numeric: Record<string, NumericBound> = {};
  const bound = (parameter: string, b: NumericBound) => {
    numeric[parameter] = strictest(numeric[parameter], b);
  };

  if (e.replicas !== undefined || e.maxStep !== undefined) {
    bound('replicas', { min: e.replicas?.min, max: e.replicas?.max, maxStep: e.maxStep });
  }
  for (const limit of e.limits ?? []) {
    bound(limit.parameter, { min: limit.min, max: limit.max, maxStep: limit.maxStep, unit: limit.unit });
  }

  const sets: Record<string, string[]> = {};
  if (e.regions) sets.region = sortedStrings(e.regions);
  if (e.instanceTypes) sets.instanceType = sortedStrings(e.instanceTypes);
  if (e.dataClassifications) sets.dataClassification = sortedStrings(e.dataClassifications);

  // Members in key order (canonical JSON then copies nothing); `numeric` and `sets` keep the
  // runbook's order, which the site lists them in.
  return {
    cooldownSeconds: e.cooldown === undefined ? undefined : scope.seconds(e.cooldown, `${path}.cooldown`),
    farOutsideMargin:
      e.farOutside === undefined ? DEFAULT_FAR_OUTSIDE_MARGIN : scope.fraction(e.farOutside.margin, `${path}.farOutside.margin`),
    maxSpendPerEvent: e.maxSpendPerEvent && { amount: e.maxSpendPerEvent.amount, currency: e.maxSpendPerEvent.currency },
    numeric,
    outside: e.outside ?? DEFAULT_OUTSIDE,
    sets,
  };
}

function strictest(a: NumericBound | undefined, b: NumericBound): NumericBound {
  if (a === undefined) return dropUndefined(b);
  return dropUndefined({
    min: pick(a.min, b.min, Math.max),
    max: pick(a.max, b.max, Math.min),
    maxStep: pick(a.maxStep, b.maxStep, Math.min),
    // Two different units for one parameter is a runbook mistake; still, pick one independent of order.
    unit: a.unit === undefined || b.unit === undefined ? a.unit ?? b.unit : a.unit < b.unit ? a.unit : b.unit,
  });
}

function pick(a: number | undefined, b: number | undefined, choose: (x: number, y: number) => number): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return choose(a, b);
}

function dropUndefined(b: NumericBound): NumericBound {
  const out: NumericBound = {};
  if (b.max !== undefined) out.max = b.max;
  if (b.maxStep !== undefined) out.maxStep = b.maxStep;
  if (b.min !== undefined) out.min = b.min;
  if (b.unit !== undefined) out.unit = b.unit;
  return out;
}
