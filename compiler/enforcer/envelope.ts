// The safe operating envelope and the cooldown.
//
// Parameter semantics (request `parameters`):
// - numeric bounds (envelope.numeric, including `replicas` and every runbook `limits` entry) read
//   `parameters.<name>`, the proposed target value; `maxStep` compares it with the value before
//   the change in `current` + the name's words capitalized (replicas → currentReplicas,
//   max-connections → currentMaxConnections; runbook limit names are kebab-case ids).
// - set bounds (envelope.sets: region, instanceType, dataClassification) read `parameters.<name>`
//   (one value) and `parameters.<name>s` (a list: regions, instanceTypes, dataClassifications);
//   every value named in either must be permitted.
// - spend reads `parameters.spend` with optional `parameters.currency` (default: the envelope's);
//   another currency is outside the envelope (amounts in different currencies are not compared).
// - a bounded parameter that is missing is outside (it cannot be shown to be inside); one of the
//   wrong type is deny (the request cannot be interpreted).
// Outside = the grant's envelope.outside. Far outside = past a numeric bound by more than
// farOutsideMargin × |bound| (max + m·|max|, min − m·|min|, maxStep + m·maxStep, spend amount ·
// (1 + m)); exactly at that point is still just outside. Set bounds and currency are never "far":
// membership has no distance, so any disallowed value is just outside (runbooks wanting deny set
// `outside: deny`). Cooldown breaches are just outside too.

import type { Decision } from '../bundle/types.js';
import { gateResult, reason } from './decisions.js';
import { fixed } from './fixed.js';
import { BOUND, COOLDOWN_MS, NAMES, NUMERIC, SPEND_FAR, SPEND_MAX, type PreparedGrant } from './prepare.js';
import type { ParsedRequest } from './request.js';
import { compareSpan, spanMs } from './time.js';
import { formatDuration } from '../util/duration.js';
import type { GateResult, Reason } from './types.js';

const ENVELOPE_UNBOUNDED = fixed('ENVELOPE_UNBOUNDED');
const ENVELOPE_INSIDE = fixed('ENVELOPE_INSIDE');
const COOLDOWN_NONE = fixed('COOLDOWN_NONE');

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function isStringList(v: unknown): v is string[] {
  if (!Array.isArray(v)) return false;
  for (let i = 0; i < v.length; i++) if (typeof v[i] !== 'string') return false;
  return true;
}

function numeric(pg: PreparedGrant, params: Record<string, unknown>, out: Reason[], outside: Decision): void {
  const b = pg.nums;
  const names = pg.strsAt + NAMES;
  for (let i = 0; i < pg.numericCount; i++) {
    const name = pg.strs[names + 2 * i]!;
    const at = pg.numsAt + NUMERIC + BOUND * i;
    const min = b[at]!, max = b[at + 1]!, maxStep = b[at + 2]!, farMin = b[at + 3]!, farMax = b[at + 4]!, farStep = b[at + 5]!;
    const value = params[name];
    if (value === undefined) {
      out.push(reason('ENVELOPE_PARAMETER_MISSING', { parameter: name }, outside));
      continue;
    }
    if (!isNumber(value)) {
      out.push(reason('ENVELOPE_PARAMETER_INVALID', { parameter: name, detail: 'not a number' }));
      continue;
    }
    // A comparison with NaN (no such bound) is false.
    if (value > max) {
      out.push(value > farMax
        ? reason('ENVELOPE_FAR_ABOVE_MAX', { parameter: name, value, max, farBound: farMax })
        : reason('ENVELOPE_ABOVE_MAX', { parameter: name, value, max }, outside));
    }
    if (value < min) {
      out.push(value < farMin
        ? reason('ENVELOPE_FAR_BELOW_MIN', { parameter: name, value, min, farBound: farMin })
        : reason('ENVELOPE_BELOW_MIN', { parameter: name, value, min }, outside));
    }
    if (!Number.isNaN(maxStep)) {
      const currentName = pg.strs[names + 2 * i + 1]!;
      const current = params[currentName];
      if (current === undefined) {
        out.push(reason('ENVELOPE_CURRENT_MISSING', { parameter: name, current: currentName, maxStep }, outside));
      } else if (!isNumber(current)) {
        out.push(reason('ENVELOPE_PARAMETER_INVALID', { parameter: currentName, detail: 'not a number' }));
      } else {
        const step = Math.abs(value - current);
        if (step > maxStep) {
          const p = { parameter: name, step, current, value, maxStep, farBound: farStep };
          out.push(step > farStep ? reason('ENVELOPE_FAR_STEP', p) : reason('ENVELOPE_STEP_TOO_LARGE', p, outside));
        }
      }
    }
  }
}

function sets(pg: PreparedGrant, params: Record<string, unknown>, out: Reason[], outside: Decision): void {
  const strs = pg.strs;
  let at = pg.setsAt;
  for (let m = 0; m < pg.setCount; m++) {
    const name = strs[at]!;
    const plural = strs[at + 1]!;
    const from = at + 2;
    const to = from + pg.nums[pg.setSizesAt + m]!;
    at = to;
    const one = params[name];
    const many = params[plural];
    if (one === undefined && many === undefined) {
      out.push(reason('ENVELOPE_PARAMETER_MISSING', { parameter: `${name} (or ${plural})` }, outside));
      continue;
    }
    const values: string[] = [];
    if (one !== undefined) {
      if (typeof one !== 'string') {
        out.push(reason('ENVELOPE_PARAMETER_INVALID', { parameter: name, detail: 'not a string' }));
        continue;
      }
      values.push(one);
    }
    if (many !== undefined) {
      if (!isStringList(many)) {
        out.push(reason('ENVELOPE_PARAMETER_INVALID', { parameter: plural, detail: 'not a list of strings' }));
        continue;
      }
      for (const v of many) values.push(v); // not push(...many): a long list would overflow the stack
    }
    if (values.length === 0) {
      out.push(reason('ENVELOPE_PARAMETER_MISSING', { parameter: `${name} (or ${plural})` }, outside));
      continue;
    }
    // Each value not allowed, once (a Set: a request may list many values, and only the standard
    // sets' lists are capped by the request check).
    const bad = new Set<string>();
    for (const v of values) if (!bad.has(v) && !allows(strs, from, to, v)) bad.add(v);
    if (bad.size > 0) out.push(reason('ENVELOPE_VALUE_NOT_ALLOWED', { parameter: name, value: [...bad].join(', '), allowed: pg.setTexts[m]! }, outside));
  }
}

function allows(strs: readonly string[], from: number, to: number, value: string): boolean {
  for (let i = from; i < to; i++) if (strs[i] === value) return true;
  return false;
}

function spend(pg: PreparedGrant, params: Record<string, unknown>, out: Reason[], outside: Decision): void {
  const currency = pg.spendCurrency;
  if (currency === null) return;
  const max = pg.nums[pg.numsAt + SPEND_MAX]!;
  const far = pg.nums[pg.numsAt + SPEND_FAR]!;
  const value = params.spend;
  const given = params.currency;
  if (value === undefined) {
    out.push(reason('ENVELOPE_PARAMETER_MISSING', { parameter: 'spend' }, outside));
  } else if (!isNumber(value)) {
    out.push(reason('ENVELOPE_PARAMETER_INVALID', { parameter: 'spend', detail: 'not a number' }));
  } else if (given !== undefined && given !== currency) {
    out.push(reason('ENVELOPE_CURRENCY_MISMATCH', { value: String(given), currency }, outside));
  } else if (value > max) {
    out.push(value > far
      ? reason('ENVELOPE_SPEND_FAR_OVER', { value, currency, max, farBound: far })
      : reason('ENVELOPE_SPEND_OVER', { value, currency, max }, outside));
  }
}

export function evaluateEnvelope(pg: PreparedGrant, params: Record<string, unknown>): GateResult {
  if (!pg.bounded) return ENVELOPE_UNBOUNDED;
  const out: Reason[] = [];
  numeric(pg, params, out, pg.outside);
  sets(pg, params, out, pg.outside);
  spend(pg, params, out, pg.outside);
  return out.length === 0 ? ENVELOPE_INSIDE : gateResult('envelope', out);
}

/** Clear when lastActionAt is null (never ran) or at least cooldown seconds before the request. */
export function evaluateCooldown(pg: PreparedGrant, p: ParsedRequest): GateResult {
  const cooldownMs = pg.nums[pg.numsAt + COOLDOWN_MS]!;
  if (Number.isNaN(cooldownMs)) return COOLDOWN_NONE;
  const last = p.lastActionMs;
  if (last === undefined) return gateResult('cooldown', [reason('COOLDOWN_UNKNOWN', { cooldown: pg.cooldownText }, pg.outside)]);
  if (last === null) return pg.cooldownClear;
  if (compareSpan(p.timeMs, p.req.time, last, p.req.lastActionAt!, cooldownMs) >= 0) return pg.cooldownClear;
  const elapsedSeconds = spanMs(p.timeMs, p.req.time, last, p.req.lastActionAt!) / 1000;
  // A last action dated after the request: a clock is wrong, and it is said so, not "-5m ago".
  const elapsed = elapsedSeconds >= 0 ? `${formatDuration(elapsedSeconds)} ago` : `dated ${formatDuration(-elapsedSeconds)} after the request`;
  return gateResult('cooldown', [reason('COOLDOWN_ACTIVE', { elapsed, cooldown: pg.cooldownText }, pg.outside)]);
}
