// Gate results that never change: built once, frozen, and shared by every decision, so the common
// path of decide() allocates nothing for them. Callers cannot mutate them (they are frozen).

import { deepFreeze, single } from './decisions.js';
import type { ReasonCode, ReasonParams } from './reasons.js';
import type { GateResult } from './types.js';
import type { Decision } from '../bundle/types.js';

const CACHE = new Map<ReasonCode, GateResult>();

/** The frozen one-finding result of a code that takes no parameters. */
export function fixed(code: ReasonCode): GateResult {
  let g = CACHE.get(code);
  if (g === undefined) {
    g = deepFreeze(single(code));
    CACHE.set(code, g);
  }
  return g;
}

/** A frozen one-finding result with parameters, for results prepared once per grant. */
export function frozen(code: ReasonCode, params?: ReasonParams, decision?: Decision): GateResult {
  return deepFreeze(single(code, params, decision));
}
