// Gate results that never change: built once, frozen, and shared by every decision, so the common
// path of decide() allocates nothing for them. Callers cannot mutate them (they are frozen).

import { decisionOf, deepFreeze } from './decisions.js';
import { REASONS, type ReasonCode, type ReasonParams } from './reasons.js';
import type { GateResult } from './types.js';
import type { Decision } from '../bundle/types.js';

const CACHE = new Map<ReasonCode, GateResult>();

/** The frozen one-finding result of a code that takes no parameters. */
export function fixed(code: ReasonCode): GateResult {
  let g = CACHE.get(code);
  if (g === undefined) {
    g = deepFreeze(result(code));
    CACHE.set(code, g);
  }
  return g;
}

/** A frozen one-finding result with parameters, for results prepared once per grant. */
export function frozen(code: ReasonCode, params?: ReasonParams, decision?: Decision): GateResult {
  return deepFreeze(result(code, params, decision));
}

/**
 * A result with one finding, built by object literals of its own rather than reason()'s. V8
 * pretenures an allocation site when most objects it makes survive. Prepared results survive
 * (a 10,000-runbook bundle prepares thousands on first use); the findings decide() makes on each
 * call do not. Sharing reason()'s literal got it pretenured, and from then on every finding was
 * allocated in the old generation: 81 bytes of old-space garbage per decision on the bench's
 * 10,000-runbook bundle (117 on unknown grants), and scavenges 2-3× slower.
 */
function result(code: ReasonCode, params?: ReasonParams, decision?: Decision): GateResult {
  const spec = REASONS[code];
  const d = decisionOf(spec, decision);
  return { gate: spec.gate, decision: d, reasons: [{ code, gate: spec.gate, decision: d, message: spec.render(params ?? {}) }] };
}
