// The gates about who is asking and in what situation: policy expiry, the model pin, the
// uncertainty the caller reports, and history (flapping, repeated overrides).

import { gateResult, reason } from './decisions.js';
import { FUTURE_SKEW_SECONDS } from './evidence.js';
import { fixed } from './fixed.js';
import { EXPIRES_AT_MS, MODEL_NAME, MODEL_VERSION, type PreparedGrant, type Trackable } from './prepare.js';
import type { ReasonCode } from './reasons.js';
import type { ParsedRequest } from './request.js';
import { compareSpan } from './time.js';
import type { GateResult, Reason, UncertaintyFlag } from './types.js';

const UNCERTAINTY_NONE = fixed('UNCERTAINTY_NONE');
const HISTORY_NOT_TRACKED = fixed('HISTORY_NOT_TRACKED');
const HISTORY_CLEAR = fixed('HISTORY_CLEAR');

/** Expired from the first instant (UTC) of expiresOn: "request date ≥ expiresOn". Written as "not
 * before", so an expiry that is not a number (the structure check refuses one) counts as expired. */
export function evaluatePolicy(pg: PreparedGrant, timeMs: number): GateResult {
  return timeMs < pg.nums[pg.numsAt + EXPIRES_AT_MS]! ? pg.policyCurrent : pg.policyExpired;
}

/** Name and version must both match the pin; a different name is reported instead of the version. */
export function evaluateModel(pg: PreparedGrant, model: { name: string; version: string }): GateResult {
  const name = pg.strs[pg.strsAt + MODEL_NAME]!;
  const version = pg.strs[pg.strsAt + MODEL_VERSION]!;
  if (model.name !== name) {
    return gateResult('model', [reason('MODEL_NAME_MISMATCH', { name: `${model.name} ${model.version}`, pinned: `${name} ${version}` })]);
  }
  if (model.version !== version) return gateResult('model', [reason('MODEL_VERSION_MISMATCH', { version: model.version, pinned: version })]);
  return pg.modelPinned;
}

const UNCERTAINTY_CODES: Record<UncertaintyFlag, ReasonCode> = {
  'inconsistent-telemetry': 'TELEMETRY_INCONSISTENT',
  'model-disagreement': 'MODELS_DISAGREE',
  'out-of-distribution': 'OUT_OF_DISTRIBUTION',
};

export function evaluateUncertainty(flags: readonly UncertaintyFlag[] | undefined): GateResult {
  if (flags === undefined || flags.length === 0) return UNCERTAINTY_NONE;
  const seen: UncertaintyFlag[] = [];
  const reasons: Reason[] = [];
  for (const f of flags) {
    if (seen.includes(f)) continue;
    seen.push(f);
    reasons.push(reason(UNCERTAINTY_CODES[f]));
  }
  return gateResult('uncertainty', reasons);
}

/** The request's time, and one history list: parsed, and as given (their texts). */
interface Times { timeMs: number; time: string; ms: readonly number[]; texts: readonly string[] }

/** Events within [time - window, time + skew], exact to the last fraction digit. */
function within(x: Times, t: Trackable): number {
  let n = 0;
  for (let i = 0; i < x.ms.length; i++) {
    const at = x.ms[i]!;
    const text = x.texts[i]!;
    if (compareSpan(x.timeMs, x.time, at, text, t.windowMs) <= 0 && compareSpan(at, text, x.timeMs, x.time, FUTURE_SKEW_SECONDS * 1000) <= 0) n++;
  }
  return n;
}

export function evaluateHistory(pg: PreparedGrant, p: ParsedRequest): GateResult {
  if (pg.flapping === null && pg.overrides === null) return HISTORY_NOT_TRACKED;
  const reasons: Reason[] = [];
  const history = p.req.history;
  const times = (ms: readonly number[] | null, texts: readonly string[] | undefined): Times | null =>
    ms === null ? null : { timeMs: p.timeMs, time: p.req.time, ms, texts: texts! };
  if (pg.flapping !== null) track(pg.flapping, times(p.changesMs, history?.directionChanges), 'FLAPPING', 'FLAPPING_UNKNOWN', reasons);
  if (pg.overrides !== null) track(pg.overrides, times(p.overridesMs, history?.overrides), 'REPEATED_OVERRIDES', 'REPEATED_OVERRIDES_UNKNOWN', reasons);
  return reasons.length === 0 ? HISTORY_CLEAR : gateResult('history', reasons);
}

/**
 * One trigger's finding, if any. History a trigger counts but the request leaves out (`times`
 * null) is unknown, not clear: the caller writes the request, and leaving out the direction
 * changes that would show flapping must not be a way around it (as leaving out lastActionAt is not
 * a way around a cooldown). Unknown escalates as the trigger would, as too few signals escalates as
 * stale ones do.
 */
function track(t: Trackable, times: Times | null, fired: ReasonCode, unknown: ReasonCode, out: Reason[]): void {
  const params = { window: t.windowText, min: t.count };
  if (times === null) {
    out.push(reason(unknown, params));
    return;
  }
  const count = within(times, t);
  if (count >= t.count) out.push(reason(fired, { count, ...params }));
}
