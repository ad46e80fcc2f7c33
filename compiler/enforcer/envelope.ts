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
import type { PreparedGrant } from './prepare.js';
import type { ParsedRequest } from './request.js';
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
  for (const n of pg.numeric) {
    const value = params[n.name];
    if (value === undefined) {
      out.push(reason('ENVELOPE_PARAMETER_MISSING', { parameter: n.name }, outside));
      continue;
    }
    if (!isNumber(value)) {
      out.push(reason('ENVELOPE_PARAMETER_INVALID', { parameter: n.name, detail: 'not a number' }));
      continue;
    }
    if (n.max !== undefined && value > n.max) {
      out.push(value > n.farMax
        ? reason('ENVELOPE_FAR_ABOVE_MAX', { parameter: n.name, value, max: n.max, farBound: n.farMax })
        : reason('ENVELOPE_ABOVE_MAX', { parameter: n.name, value, max: n.max }, outside));
    }
    if (n.min !== undefined && value < n.min) {
      out.push(value < n.farMin
        ? reason('ENVELOPE_FAR_BELOW_MIN', { parameter: n.name, value, min: n.min, farBound: n.farMin })
        : reason('ENVELOPE_BELOW_MIN', { parameter: n.name, value, min: n.min }, outside));
    }
    if (n.maxStep !== undefined) {
      const current = params[n.currentName];
      if (current === undefined) {
        out.push(reason('ENVELOPE_CURRENT_MISSING', { parameter: n.name, current: n.currentName, maxStep: n.maxStep }, outside));
      } else if (!isNumber(current)) {
        out.push(reason('ENVELOPE_PARAMETER_INVALID', { parameter: n.currentName, detail: 'not a number' }));
      } else {
        const step = Math.abs(value - current);
        if (step > n.maxStep) {
          const p = { parameter: n.name, step, current, value, maxStep: n.maxStep, farBound: n.farStep };
          out.push(step > n.farStep ? reason('ENVELOPE_FAR_STEP', p) : reason('ENVELOPE_STEP_TOO_LARGE', p, outside));
        }
      }
    }
  }
}

function sets(pg: PreparedGrant, params: Record<string, unknown>, out: Reason[], outside: Decision): void {
  for (const s of pg.sets) {
    const one = params[s.name];
    const many = params[s.plural];
    if (one === undefined && many === undefined) {
      out.push(reason('ENVELOPE_PARAMETER_MISSING', { parameter: `${s.name} (or ${s.plural})` }, outside));
      continue;
    }
    const values: string[] = [];
    if (one !== undefined) {
      if (typeof one !== 'string') {
        out.push(reason('ENVELOPE_PARAMETER_INVALID', { parameter: s.name, detail: 'not a string' }));
        continue;
      }
      values.push(one);
    }
    if (many !== undefined) {
      if (!isStringList(many)) {
        out.push(reason('ENVELOPE_PARAMETER_INVALID', { parameter: s.plural, detail: 'not a list of strings' }));
        continue;
      }
      values.push(...many);
    }
    if (values.length === 0) {
      out.push(reason('ENVELOPE_PARAMETER_MISSING', { parameter: `${s.name} (or ${s.plural})` }, outside));
      continue;
    }
    const bad = values.filter((v, i) => !s.allowed.has(v) && values.indexOf(v) === i);
    if (bad.length > 0) out.push(reason('ENVELOPE_VALUE_NOT_ALLOWED', { parameter: s.name, value: bad.join(', '), allowed: s.allowedText }, outside));
  }
}

function spend(pg: PreparedGrant, params: Record<string, unknown>, out: Reason[], outside: Decision): void {
  const bound = pg.spend;
  if (bound === null) return;
  const value = params.spend;
  const currency = params.currency;
  if (value === undefined) {
    out.push(reason('ENVELOPE_PARAMETER_MISSING', { parameter: 'spend' }, outside));
  } else if (!isNumber(value)) {
    out.push(reason('ENVELOPE_PARAMETER_INVALID', { parameter: 'spend', detail: 'not a number' }));
  } else if (currency !== undefined && currency !== bound.currency) {
    out.push(reason('ENVELOPE_CURRENCY_MISMATCH', { value: String(currency), currency: bound.currency }, outside));
  } else if (value > bound.amount) {
    out.push(value > bound.far
      ? reason('ENVELOPE_SPEND_FAR_OVER', { value, currency: bound.currency, max: bound.amount, farBound: bound.far })
      : reason('ENVELOPE_SPEND_OVER', { value, currency: bound.currency, max: bound.amount }, outside));
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
  if (pg.cooldownMs === null) return COOLDOWN_NONE;
  const last = p.lastActionMs;
  if (last === undefined) return gateResult('cooldown', [reason('COOLDOWN_UNKNOWN', { cooldown: pg.cooldownSeconds }, pg.outside)]);
  if (last === null) return pg.cooldownClear;
  const elapsedMs = p.timeMs - last;
  if (elapsedMs >= pg.cooldownMs) return pg.cooldownClear;
  return gateResult('cooldown', [reason('COOLDOWN_ACTIVE', { elapsed: elapsedMs / 1000, cooldown: pg.cooldownSeconds }, pg.outside)]);
}
