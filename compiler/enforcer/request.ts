// Request validation by hand: faster than a generic validator on the hot path, and every error is
// a sentence naming the field (`/confidence must be a number from 0 to 1`). The same rules are
// written as JSON Schema in schemas/decision.schema.json#/$defs/request; a test keeps them in step.

import { parseTimestamp } from './time.js';
import type { DecisionRequest, Severity } from './types.js';

export interface ParsedRequest {
  req: DecisionRequest;
  timeMs: number;
  /** observedAt of each signal, in request order. */
  signalMs: number[];
  /** undefined: not given; null: never ran before. */
  lastActionMs: number | null | undefined;
  /** 1 (sev1, worst) … 5; 99 without an incident. */
  severityRank: number;
  /** history.directionChanges and history.overrides, parsed; null when not given. */
  changesMs: number[] | null;
  overridesMs: number[] | null;
}

export type Validation = { ok: true; value: ParsedRequest } | { ok: false; errors: string[] };

const TOP_LEVEL = new Set([
  'requestId', 'actor', 'model', 'action', 'service', 'parameters', 'signals', 'confidence', 'rationale',
  'alternatives', 'severity', 'time', 'lastActionAt', 'history', 'uncertainty',
]);
const SEVERITIES: Record<string, number> = { sev1: 1, sev2: 2, sev3: 3, sev4: 4, sev5: 5 };
const UNCERTAINTY = new Set<string>(['inconsistent-telemetry', 'model-disagreement', 'out-of-distribution']);
const MAX_ID = 200;
const MAX_TEXT = 10_000;
const MAX_ITEMS = 1_000;

const CURRENCY = /^[A-Z]{3}$/;

/**
 * Thrown on meeting something in the request that is not plain JSON data where an integrator's
 * code is likely to put one — the request or its parameters as a class instance or an object with
 * another prototype (whose inherited members a plain read sees and JSON.stringify does not, or
 * whose toJSON writes something else), a Date where a time belongs, an object nested in a
 * parameter value: what such a value means to this reader and to JSON.stringify (the record's
 * log) can differ. decide() then decides its JSON copy. Checked only there: a prototype lookup on
 * every object of every request would cost decide() ~5 %.
 */
class NotPlainData extends Error {}

const OBJECT_PROTOTYPE = Object.prototype;
const ARRAY_PROTOTYPE = Array.prototype;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** isObject(), and throws NotPlainData on an object that is not plain data. */
function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  if (proto === OBJECT_PROTOTYPE || proto === null) return true;
  if (proto === ARRAY_PROTOTYPE && Array.isArray(v)) return false;
  throw new NotPlainData();
}

/** Like Array.prototype.every, but a hole (sparse arrays from JS callers) is checked too, as undefined. */
function all(list: readonly unknown[], ok: (v: unknown) => boolean): boolean {
  for (let i = 0; i < list.length; i++) if (!ok(list[i])) return false;
  return true;
}

function isId(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0 && fits(v, MAX_ID);
}

/** Strings fit by code points, as JSON Schema's maxLength counts (an emoji is one, not two). */
function fits(s: string, max: number): boolean {
  if (s.length <= max) return true;
  let n = 0;
  for (const _ of s) if (++n > max) return false;
  return true;
}

/**
 * Containers in a parameter value nest at most this deep (0 is the value itself), as
 * `$defs/parameterValue` in schemas/decision.schema.json says: deeper input must not exhaust the
 * stack of this check, or of whatever reads the record later.
 */
const MAX_DEPTH = 8;

function isJsonValue(v: unknown, depth: number): boolean {
  switch (typeof v) {
    case 'string': case 'boolean': return true;
    case 'number': return Number.isFinite(v);
    case 'object': {
      if (v === null) return true;
      if (depth > MAX_DEPTH) return false;
      // As JSON.stringify reads them: an undefined element is null, an undefined member absent.
      if (!isPlainObject(v)) return all(v as unknown[], (x) => x === undefined || isJsonValue(x, depth + 1));
      for (const k in v) {
        const x = (v as Record<string, unknown>)[k];
        if (x !== undefined && !isJsonValue(x, depth + 1)) return false;
      }
      return true;
    }
    default: return false;
  }
}

function timestamp(v: unknown, path: string, errors: string[]): number {
  if (typeof v === 'object' && v !== null) isPlainObject(v); // a Date: decided as the text its JSON holds
  const ms = typeof v === 'string' ? parseTimestamp(v) : NaN;
  if (Number.isNaN(ms)) errors.push(`${path} must be an RFC 3339 date-time such as 2026-11-03T10:00:00Z (a fraction of at most nine digits)`);
  return ms;
}

function timestamps(v: unknown, path: string, errors: string[]): number[] | null {
  if (v === undefined) return null;
  if (!Array.isArray(v) || v.length > MAX_ITEMS) {
    errors.push(`${path} must be an array of RFC 3339 date-times`);
    return null;
  }
  const out: number[] = [];
  for (let i = 0; i < v.length; i++) out.push(timestamp(v[i], `${path}/${i}`, errors));
  return out;
}

/** Every value is JSON; the parameters with a fixed meaning (README "Parameter semantics") have their type. */
function checkParameters(p: Record<string, unknown>, errors: string[]): void {
  for (const key in p) {
    const v = p[key];
    if (v === undefined) continue; // absent, as in the JSON of the request
    switch (key) {
      case 'replicas': case 'currentReplicas':
        if (!(Number.isInteger(v) && (v as number) >= 0)) errors.push(`/parameters/${key} must be a whole number, 0 or more`);
        break;
      case 'spend':
        if (!(typeof v === 'number' && Number.isFinite(v) && v >= 0)) errors.push(`/parameters/${key} must be a number, 0 or more`);
        break;
      case 'region': case 'instanceType': case 'dataClassification':
        if (!(typeof v === 'string' && v.length > 0)) errors.push(`/parameters/${key} must be a non-empty string`);
        break;
      case 'regions': case 'instanceTypes': case 'dataClassifications':
        if (!(Array.isArray(v) && v.length <= MAX_ITEMS && all(v, (x) => typeof x === 'string' && x.length > 0))) {
          errors.push(`/parameters/${key} must be an array of non-empty strings`);
        }
        break;
      case 'currency':
        if (!(typeof v === 'string' && CURRENCY.test(v))) errors.push('/parameters/currency must be an ISO 4217 code such as EUR');
        break;
      default:
        if (!isJsonValue(v, 0)) errors.push(`/parameters/${key} must be a JSON value (finite numbers; objects and arrays nested at most ${MAX_DEPTH + 1} deep)`);
    }
  }
}

/** Validate a request; on success the times are parsed once for every gate. */
export function validateRequest(raw: unknown): Validation {
  if (!isPlainObject(raw)) return { ok: false, errors: ['the request must be a JSON object'] };
  const errors: string[] = [];
  // A member whose value is undefined is absent, at every depth: the request is read as the JSON
  // it stands for (JSON has no undefined, and JSON.stringify — the decision record too — drops it).
  for (const key in raw) if (!TOP_LEVEL.has(key) && raw[key] !== undefined) errors.push(`/${key} is not a request field`);

  if (raw.requestId !== undefined && !isId(raw.requestId)) errors.push(`/requestId must be a string of 1 to ${MAX_ID} characters`);
  if (!isId(raw.actor)) errors.push(`/actor must be a string of 1 to ${MAX_ID} characters`);
  if (!isId(raw.action)) errors.push(`/action must be a string of 1 to ${MAX_ID} characters`);
  if (!isId(raw.service)) errors.push(`/service must be a string of 1 to ${MAX_ID} characters`);
  const model = raw.model;
  if (!isObject(model)) {
    errors.push('/model must be an object with name and version');
  } else {
    for (const key in model) if (key !== 'name' && key !== 'version' && model[key] !== undefined) errors.push(`/model/${key} is not a model field`);
    if (!isId(model.name)) errors.push(`/model/name must be a string of 1 to ${MAX_ID} characters`);
    if (!isId(model.version)) errors.push(`/model/version must be a string of 1 to ${MAX_ID} characters`);
  }
  if (!isPlainObject(raw.parameters)) errors.push('/parameters must be an object');
  else checkParameters(raw.parameters, errors);

  const signalMs: number[] = [];
  const signals = raw.signals;
  if (!Array.isArray(signals) || signals.length > MAX_ITEMS) {
    errors.push(`/signals must be an array of at most ${MAX_ITEMS} observations`);
  } else {
    for (let i = 0; i < signals.length; i++) {
      const s: unknown = signals[i];
      if (!isObject(s)) {
        errors.push(`/signals/${i} must be an object with id and observedAt`);
        continue;
      }
      for (const key in s) if (key !== 'id' && key !== 'observedAt' && key !== 'value' && s[key] !== undefined) errors.push(`/signals/${i}/${key} is not a signal field`);
      if (!isId(s.id)) errors.push(`/signals/${i}/id must be a string of 1 to ${MAX_ID} characters`);
      signalMs.push(timestamp(s.observedAt, `/signals/${i}/observedAt`, errors));
      if (s.value !== undefined && !(typeof s.value === 'number' && Number.isFinite(s.value))) errors.push(`/signals/${i}/value must be a number`);
    }
  }
  const confidence = raw.confidence;
  if (!(typeof confidence === 'number' && confidence >= 0 && confidence <= 1)) errors.push('/confidence must be a number from 0 to 1');
  if (!(typeof raw.rationale === 'string' && raw.rationale.length > 0 && fits(raw.rationale, MAX_TEXT))) {
    errors.push(`/rationale must be a string of 1 to ${MAX_TEXT} characters`);
  }
  const alternatives = raw.alternatives;
  if (alternatives !== undefined && !(Array.isArray(alternatives) && alternatives.length <= MAX_ITEMS && all(alternatives, (a) => typeof a === 'string' && fits(a, MAX_TEXT)))) {
    errors.push(`/alternatives must be an array of at most ${MAX_ITEMS} strings of up to ${MAX_TEXT} characters`);
  }
  let severityRank = 99;
  const severity = raw.severity;
  if (severity !== undefined && severity !== null) {
    const rank = typeof severity === 'string' ? SEVERITIES[severity] : undefined;
    if (rank === undefined) errors.push('/severity must be one of sev1, sev2, sev3, sev4, sev5 or null');
    else severityRank = rank;
  }
  const timeMs = timestamp(raw.time, '/time', errors);
  let lastActionMs: number | null | undefined;
  if (raw.lastActionAt === null) lastActionMs = null;
  else if (raw.lastActionAt !== undefined) lastActionMs = timestamp(raw.lastActionAt, '/lastActionAt', errors);

  const history = raw.history;
  let changesMs: number[] | null = null;
  let overridesMs: number[] | null = null;
  if (history !== undefined) {
    if (!isObject(history)) {
      errors.push('/history must be an object');
    } else {
      for (const key in history) if (key !== 'directionChanges' && key !== 'overrides' && history[key] !== undefined) errors.push(`/history/${key} is not a history field`);
      changesMs = timestamps(history.directionChanges, '/history/directionChanges', errors);
      overridesMs = timestamps(history.overrides, '/history/overrides', errors);
    }
  }
  const uncertainty = raw.uncertainty;
  if (uncertainty !== undefined && !(Array.isArray(uncertainty) && all(uncertainty, (u) => typeof u === 'string' && UNCERTAINTY.has(u)))) {
    errors.push('/uncertainty must be an array of inconsistent-telemetry, model-disagreement, out-of-distribution');
  }

  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: { req: raw as unknown as DecisionRequest, timeMs, signalMs, lastActionMs, severityRank, changesMs, overridesMs },
  };
}

export function severityRank(severity: Severity): number {
  return SEVERITIES[severity]!;
}
