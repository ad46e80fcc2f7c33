// The decision order and the small builders every gate uses.

import { DECISIONS, type Decision } from '../bundle/types.js';
import { OUTCOME, REASONS, type ReasonCode, type ReasonParams, type ReasonSpec } from './reasons.js';
import type { GateName, GateResult, Reason } from './types.js';

/** allow 0 < notify 1 < approve 2 < human-executes 3 < change-board 4 < deny 5 */
export const RANK: Readonly<Record<Decision, number>> = Object.freeze({
  allow: 0, notify: 1, approve: 2, 'human-executes': 3, 'change-board': 4, deny: 5,
});
export const DENY_RANK = 5;

export function decisionOfRank(rank: number): Decision {
  return DECISIONS[rank]!;
}

export function stricter(a: Decision, b: Decision): Decision {
  return RANK[a] >= RANK[b] ? a : b;
}

const NO_PARAMS: ReasonParams = Object.freeze({}) as ReasonParams;

/**
 * A finding. `decision` overrides the table's decision for codes whose decision depends on the
 * grant (`outside`, `gate`); for the others it is the table's.
 */
export function reason(code: ReasonCode, params: ReasonParams = NO_PARAMS, decision?: Decision): Reason {
  const spec = REASONS[code];
  const d = decisionOf(spec, decision);
  // An `outside` finding says what follows from it ({outcome}): the grant decides (approve … deny).
  return { code, gate: spec.gate, decision: d, message: spec.render(params, OUTCOME[d]) };
}

/** The decision a finding permits: `decision` when given, else its table entry's. */
export function decisionOf(spec: ReasonSpec, decision?: Decision): Decision {
  const d = spec.decision;
  return decision ?? (d === 'outside' || d === 'gate' ? 'approve' : d);
}

/** A gate result from its findings; the gate's decision is the strictest of them. */
export function gateResult(gate: GateName, reasons: readonly Reason[]): GateResult {
  let rank = 0;
  for (const r of reasons) {
    const k = RANK[r.decision];
    if (k > rank) rank = k;
  }
  return { gate, decision: DECISIONS[rank]!, reasons };
}

export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}
