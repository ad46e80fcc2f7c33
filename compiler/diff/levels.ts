// Which requests a grant decides more or less strictly than another: the model of the reference
// enforcer's gates (compiler/enforcer) that the diff classifies decision fields with.
//
// A decision is the strictest of every gate's. Each gate reads its own part of the request
// (the model, the signals, the confidence, the time, the history, each bounded parameter, the
// last action time), so the gates are independent: for every gate ("axis") we list the pairs
// (level before, level after) that some value of its part of the request reaches, and combine
// the axes by taking maxima. Grant B → grant A is *widened* when a reachable combination has
// before > after: some request is decided less strictly after. Levels are decision ranks
// (allow 0 … deny 5). Within an axis the level is a piecewise-constant function of the request
// part whose breakpoints are the bounds of both grants, so testing the breakpoints, the points
// beside them and between them is exact.
//
// What the model leaves out, on purpose (README "Strictness order"): policy expiry (renewing an
// approval is a governance change, reported as such, not widened authority: requests are taken
// to be made while both policies are current); the caller's uncertainty flags (the same on both
// sides); DST gaps in change windows; change windows whose time zone changed (treated as both
// widening and narrowing, which can over-report, never under-report).

import type { Grant } from '../bundle/types.js';
import { zone } from '../enforcer/time.js';

export type Level = 0 | 1 | 2 | 3 | 4 | 5;
const APPROVE = 2;
const DENY = 5;

export const GATE_LEVEL: Readonly<Record<Grant['gate'], Level>> = {
  autonomous: 0, notify: 1, approve: 2, 'human-executes': 3, 'change-board': 4,
};
/** The ai-role gate: recommend and draft both mean a human executes; prohibited denies. */
export const ROLE_LEVEL: Readonly<Record<Grant['aiRole'], Level>> = {
  execute: 0, recommend: 3, draft: 3, prohibited: 5,
};
export const OUTSIDE_LEVEL: Readonly<Record<Grant['envelope']['outside'], Level>> = {
  approve: 2, 'human-executes': 3, 'change-board': 4, deny: 5,
};

/** The least strict decision a grant can give: its gate and AI role together. */
export function floor(g: Grant): Level {
  return Math.max(GATE_LEVEL[g.gate], ROLE_LEVEL[g.aiRole]) as Level;
}

// ---------------------------------------------------------------------------------------------
// Pairs and their combination

/** A reachable (before, after) pair, coded as before * 6 + after. */
type Pairs = Set<number>;
const pair = (b: number, a: number): number => b * 6 + a;
const before = (p: number): number => Math.floor(p / 6);
const after = (p: number): number => p % 6;

function combine(states: Pairs, axis: Pairs): Pairs {
  if (axis.size === 0) return states;
  const out: Pairs = new Set();
  for (const s of states) for (const p of axis) out.add(pair(Math.max(before(s), before(p)), Math.max(after(s), after(p))));
  return out;
}

function pairsOf<X>(candidates: Iterable<X>, levelB: (x: X) => number, levelA: (x: X) => number): Pairs {
  const out: Pairs = new Set();
  for (const x of candidates) out.add(pair(levelB(x), levelA(x)));
  return out;
}

export interface AuthorityChange {
  /** Some request is decided less strictly by the second grant. */
  widened: boolean;
  /** Some request is decided more strictly by the second grant. */
  narrowed: boolean;
}

export interface CompareOptions {
  /** Leave out the gate and AI role (to tell a change along an axis from its effect). */
  ignoreFloor?: boolean;
}

/** How the second grant decides requests compared with the first (same actor, action, service). */
export function compareGrants(b: Grant, a: Grant, options: CompareOptions = {}): AuthorityChange {
  let states: Pairs = new Set([options.ignoreFloor ? pair(0, 0) : pair(floor(b), floor(a))]);
  for (const axis of AXES) {
    states = combine(states, axis(b, a));
    if (states.size === 36) break;
  }
  let widened = false;
  let narrowed = false;
  for (const s of states) {
    if (before(s) > after(s)) widened = true;
    if (before(s) < after(s)) narrowed = true;
  }
  return { widened, narrowed };
}

// ---------------------------------------------------------------------------------------------
// Axes (one per gate the enforcer evaluates after the grant lookup)

type Axis = (b: Grant, a: Grant) => Pairs;

/** The model gate: a request names a model; only the pinned one passes. */
const model: Axis = (b, a) => {
  const other = { name: '\u0000other', version: '' };
  const level = (g: Grant) => (m: { name: string; version: string }) => (m.name === g.model.name && m.version === g.model.version ? 0 : APPROVE);
  return pairsOf([b.model, a.model, other], level(b), level(a));
};

type Evidence = Grant['evidence'];

/** Whether some set of cited signals passes the evidence gate of `a` but not of `b`. */
export function evidencePassesOnlyIn(b: Evidence, a: Evidence): boolean {
  if (!b || b.minIndependent <= 0) return false; // b passes everything
  if (!a || a.minIndependent <= 0) return true; // a passes everything; b fails a request citing nothing
  // Cite minIndependent of a's signals, aged just within a's limit: stale for b if its limit is shorter.
  if (a.maxAgeSeconds > b.maxAgeSeconds) return true;
  // Otherwise everything fresh for a is fresh for b: cite a's signals that b does not count first.
  const onlyA = new Set(a.signals.filter((s) => !b.signals.includes(s))).size;
  return Math.max(0, a.minIndependent - onlyA) < b.minIndependent;
}

const evidence: Axis = (b, a) => {
  const fails = (e: Evidence) => e !== undefined && e.minIndependent > 0;
  const out: Pairs = new Set([pair(0, 0)]); // cite every signal of both, fresh
  out.add(pair(fails(b.evidence) ? APPROVE : 0, fails(a.evidence) ? APPROVE : 0)); // cite nothing
  if (evidencePassesOnlyIn(b.evidence, a.evidence)) out.add(pair(APPROVE, 0));
  if (evidencePassesOnlyIn(a.evidence, b.evidence)) out.add(pair(0, APPROVE));
  return out;
};

const confidence: Axis = (b, a) => {
  const mins = [b.evidence?.minConfidence, a.evidence?.minConfidence].filter((m): m is number => m !== undefined);
  const candidates = new Set([0, 1, ...mins, ...mins.map((m) => Math.max(0, m - 1e-9))]);
  const level = (g: Grant) => (c: number) => {
    const min = g.evidence?.minConfidence;
    return min !== undefined && c < min ? APPROVE : 0;
  };
  return pairsOf(candidates, level(b), level(a));
};

// Change windows ------------------------------------------------------------------------------

const minutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const WEEKDAY_INDEX: Record<string, number> = { mon: 0, tue: 1, wed: 2, thu: 3, fri: 4, sat: 5, sun: 6 };
const SEVERITY_RANK: Record<string, number> = { sev1: 1, sev2: 2, sev3: 3, sev4: 4, sev5: 5 };
const NO_SEVERITY = 99;

/** Days since the epoch ↔ YYYYMMDD, and the weekday (0 = Monday). */
const dayOf = (date: string): number => Math.floor(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
const weekdayOf = (day: number): number => (new Date(day * 86_400_000).getUTCDay() + 6) % 7;

interface LocalPoint { day: number; minute: number; severity: number }

function windowLevel(g: Grant, t: LocalPoint): number {
  const w = g.changeWindows;
  if (!w) return 0;
  if (zone(w.timezone) === null) return DENY;
  const weekday = weekdayOf(t.day);
  let open = w.allowed.length === 0;
  for (const x of w.allowed) {
    const from = minutes(x.from);
    const to = minutes(x.to);
    const days = new Set(x.days.map((d) => WEEKDAY_INDEX[d]));
    const today = days.has(weekday);
    // As the enforcer reads it (windows.ts): equal times are an empty window.
    const inside = from === to
      ? false
      : from < to
        ? today && t.minute >= from && t.minute < to
        : (today && t.minute >= from) || (days.has((weekday + 6) % 7) && t.minute < to);
    if (inside) { open = true; break; }
  }
  const frozen = w.freezes.some((f) => t.day >= dayOf(f.from) && t.day <= dayOf(f.to));
  if (open && !frozen) return 0;
  const exception = w.severityException ? SEVERITY_RANK[w.severityException]! : 0;
  return t.severity <= exception ? 0 : APPROVE;
}

const windows: Axis = (b, a) => {
  const wb = b.changeWindows;
  const wa = a.changeWindows;
  if (!wb && !wa) return new Set();
  if (wb && wa && wb.timezone !== wa.timezone) {
    // Local times differ between the sides; claim both directions (README).
    return new Set([pair(0, 0), pair(APPROVE, APPROVE), pair(APPROVE, 0), pair(0, APPROVE)]);
  }
  // Dates: every run of days between freeze boundaries, up to a week of each (all weekdays).
  const boundaries = new Set<number>();
  for (const w of [wb, wa]) for (const f of w?.freezes ?? []) {
    boundaries.add(dayOf(f.from));
    boundaries.add(dayOf(f.to) + 1);
  }
  const sorted = [...boundaries].sort((x, y) => x - y);
  const days = new Set<number>();
  const starts = [sorted.length ? sorted[0]! - 7 : 20_000, ...sorted];
  starts.forEach((start, i) => {
    const end = i + 1 < starts.length ? starts[i + 1]! : start + 7;
    for (let d = start; d < Math.min(end, start + 7); d++) days.add(d);
  });
  const mins = new Set([0, 1439]);
  for (const w of [wb, wa]) for (const x of w?.allowed ?? []) {
    for (const m of [minutes(x.from), minutes(x.to)]) {
      mins.add(m);
      mins.add((m + 1439) % 1440);
    }
  }
  const severities = [NO_SEVERITY, 1, 2, 3, 4, 5];
  const out: Pairs = new Set();
  for (const day of days) for (const minute of mins) for (const severity of severities) {
    const t = { day, minute, severity };
    out.add(pair(windowLevel(b, t), windowLevel(a, t)));
  }
  return out;
};

// History (flapping, repeated overrides) -----------------------------------------------------

interface Trackable { count: number; windowSeconds: number }

/** As the enforcer reads it: the first trigger of that kind with a count and a window. */
export function trackable(g: Grant, on: string): Trackable | null {
  const t = g.escalation.triggers.find((x) => x.on === on && x.count !== undefined && x.windowSeconds !== undefined);
  return t ? { count: t.count!, windowSeconds: t.windowSeconds! } : null;
}

function trackablePairs(tb: Trackable | null, ta: Trackable | null): Pairs {
  if (!tb && !ta) return new Set([pair(0, 0)]);
  // n1 events just now, n2 events exactly at the longer window's edge (inside only the longer one).
  const counts = new Set([0]);
  for (const t of [tb, ta]) if (t) for (const n of [t.count - 1, t.count, t.count + 1]) if (n >= 0) counts.add(n);
  const longest = Math.max(tb?.windowSeconds ?? 0, ta?.windowSeconds ?? 0);
  const level = (t: Trackable | null, n1: number, n2: number) => {
    if (!t) return 0;
    const seen = n1 + (t.windowSeconds >= longest ? n2 : 0);
    return seen >= t.count ? APPROVE : 0;
  };
  const out: Pairs = new Set();
  for (const n1 of counts) for (const n2 of counts) out.add(pair(level(tb, n1, n2), level(ta, n1, n2)));
  return out;
}

const history: Axis = (b, a) => {
  const flapping = trackablePairs(trackable(b, 'flapping'), trackable(a, 'flapping'));
  const overrides = trackablePairs(trackable(b, 'repeated-overrides'), trackable(a, 'repeated-overrides'));
  // A request without history passes both; with history, the two lists are independent.
  return new Set([pair(0, 0), ...combine(flapping, overrides)]);
};

// Envelope -----------------------------------------------------------------------------------

/** Parameters the request validator types: a value of another type makes the request invalid (deny on both sides). */
const INTEGER_PARAMS = new Set(['replicas', 'currentReplicas']);
const STRING_PARAMS = new Set(['region', 'instanceType', 'dataClassification']);
const LIST_PARAMS = new Set(['regions', 'instanceTypes', 'dataClassifications']);

type Value = { absent: true } | { wrongType: true } | { n: number };
const ABSENT: Value = { absent: true };
const WRONG: Value = { wrongType: true };

/** Whether the request validator accepts this value for this parameter (else the request is denied on both sides). */
function valid(name: string, v: Value): boolean {
  if ('absent' in v) return true;
  if ('wrongType' in v) return !INTEGER_PARAMS.has(name) && name !== 'spend';
  if (INTEGER_PARAMS.has(name)) return Number.isInteger(v.n) && v.n >= 0;
  if (name === 'spend') return v.n >= 0;
  return !STRING_PARAMS.has(name) && !LIST_PARAMS.has(name);
}

/** Breakpoints, the points beside them (±1 and the nearest whole numbers) and between them. */
function around(points: number[]): number[] {
  const finite = [...new Set(points.filter(Number.isFinite))].sort((x, y) => x - y);
  const out = new Set<number>();
  for (const p of finite) for (const q of [p, p - 1, p + 1, Math.floor(p), Math.ceil(p), Math.floor(p) + 1, Math.ceil(p) - 1]) out.add(q);
  for (let i = 0; i + 1 < finite.length; i++) out.add((finite[i]! + finite[i + 1]!) / 2);
  const lo = finite.length ? finite[0]! : 0;
  const hi = finite.length ? finite[finite.length - 1]! : 0;
  out.add(lo - Math.abs(lo) - 100);
  out.add(hi + Math.abs(hi) + 100);
  return [...out];
}

interface NumericSpec { min?: number; max?: number; maxStep?: number; farMin: number; farMax: number; farStep: number }

function numericSpec(g: Grant, name: string): NumericSpec | null {
  const b = Object.hasOwn(g.envelope.numeric, name) ? g.envelope.numeric[name]! : undefined;
  if (!b) return null;
  const m = g.envelope.farOutsideMargin;
  return {
    min: b.min, max: b.max, maxStep: b.maxStep,
    farMin: b.min === undefined ? -Infinity : b.min - m * Math.abs(b.min),
    farMax: b.max === undefined ? Infinity : b.max + m * Math.abs(b.max),
    farStep: b.maxStep === undefined ? Infinity : b.maxStep + m * Math.abs(b.maxStep),
  };
}

function numericLevel(s: NumericSpec | null, outside: number, v: Value, current: Value): number {
  if (!s) return 0;
  if ('absent' in v) return outside;
  if ('wrongType' in v) return DENY;
  let level = 0;
  const x = v.n;
  if (s.max !== undefined && x > s.max) level = Math.max(level, x > s.farMax ? DENY : outside);
  if (s.min !== undefined && x < s.min) level = Math.max(level, x < s.farMin ? DENY : outside);
  if (s.maxStep !== undefined) {
    if ('absent' in current) level = Math.max(level, outside);
    else if ('wrongType' in current) level = DENY;
    else {
      const step = Math.abs(x - current.n);
      if (step > s.maxStep) level = Math.max(level, step > s.farStep ? DENY : outside);
    }
  }
  return level;
}

function numericPairs(b: Grant, a: Grant, name: string): Pairs {
  const sb = numericSpec(b, name);
  const sa = numericSpec(a, name);
  const ob = OUTSIDE_LEVEL[b.envelope.outside];
  const oa = OUTSIDE_LEVEL[a.envelope.outside];
  const values: Value[] = [ABSENT, WRONG, ...around([sb?.min, sb?.max, sb?.farMin, sb?.farMax, sa?.min, sa?.max, sa?.farMin, sa?.farMax, 0]
    .filter((x): x is number => x !== undefined)).map((n) => ({ n }))];
  const steps = around([sb?.maxStep, sb?.farStep, sa?.maxStep, sa?.farStep, 0].filter((x): x is number => x !== undefined)).filter((s) => s >= 0);
  const currentName = `current${name.charAt(0).toUpperCase()}${name.slice(1)}`;
  const out: Pairs = new Set();
  for (const v of values) {
    if (!valid(name, v)) continue;
    const currents: Value[] = [ABSENT, WRONG];
    if ('n' in v) for (const s of steps) currents.push({ n: v.n + s });
    for (const c of currents) {
      if (!valid(currentName, c)) continue;
      out.add(pair(numericLevel(sb, ob, v, c), numericLevel(sa, oa, v, c)));
    }
  }
  return out;
}

function setPairs(b: Grant, a: Grant, name: string): Pairs {
  const allowedB = Object.hasOwn(b.envelope.sets, name) ? new Set(b.envelope.sets[name]) : null;
  const allowedA = Object.hasOwn(a.envelope.sets, name) ? new Set(a.envelope.sets[name]) : null;
  const ob = OUTSIDE_LEVEL[b.envelope.outside];
  const oa = OUTSIDE_LEVEL[a.envelope.outside];
  const level = (allowed: Set<string> | null, outside: number, value: string | null) =>
    allowed === null ? 0 : value === null || !allowed.has(value) ? outside : 0;
  const candidates: Array<string | null> = [null, '\u0000other', ...(allowedB ?? []), ...(allowedA ?? [])];
  return pairsOf(candidates, (v) => level(allowedB, ob, v), (v) => level(allowedA, oa, v));
}

function spendPairs(b: Grant, a: Grant): Pairs {
  const spec = (g: Grant) => {
    const s = g.envelope.maxSpendPerEvent;
    return s ? { amount: s.amount, currency: s.currency, far: s.amount * (1 + g.envelope.farOutsideMargin), outside: OUTSIDE_LEVEL[g.envelope.outside] } : null;
  };
  const sb = spec(b);
  const sa = spec(a);
  if (!sb && !sa) return new Set();
  const level = (s: ReturnType<typeof spec>, amount: number | null, currency: string | null) => {
    if (!s) return 0;
    if (amount === null) return s.outside;
    if (currency !== null && currency !== s.currency) return s.outside;
    if (amount > s.amount) return amount > s.far ? DENY : s.outside;
    return 0;
  };
  const amounts: Array<number | null> = [null, ...around([sb?.amount, sb?.far, sa?.amount, sa?.far, 0].filter((x): x is number => x !== undefined)).filter((x) => x >= 0)];
  const currencies: Array<string | null> = [null, 'ZZZ', ...[sb?.currency, sa?.currency].filter((c): c is string => c !== undefined)];
  const out: Pairs = new Set();
  for (const amount of amounts) for (const currency of currencies) out.add(pair(level(sb, amount, currency), level(sa, amount, currency)));
  return out;
}

function cooldownPairs(b: Grant, a: Grant): Pairs {
  const cb = b.envelope.cooldownSeconds;
  const ca = a.envelope.cooldownSeconds;
  if (cb === undefined && ca === undefined) return new Set();
  type Last = 'absent' | 'never' | number; // elapsed milliseconds
  const level = (g: Grant, last: Last) => {
    const cd = g.envelope.cooldownSeconds;
    if (cd === undefined || last === 'never') return 0;
    if (last === 'absent') return OUTSIDE_LEVEL[g.envelope.outside];
    return last >= cd * 1000 ? 0 : OUTSIDE_LEVEL[g.envelope.outside];
  };
  const elapsed: Last[] = ['absent', 'never', 0, -1];
  for (const cd of [cb, ca]) if (cd !== undefined) elapsed.push(cd * 1000, cd * 1000 - 1, cd * 1000 + 1);
  return pairsOf(elapsed, (x) => level(b, x), (x) => level(a, x));
}

/** Every bounded parameter is its own request field, so its own axis; the cooldown reads lastActionAt. */
const envelope: Axis = (b, a) => {
  let states: Pairs = new Set([pair(0, 0)]);
  const numeric = new Set([...Object.keys(b.envelope.numeric), ...Object.keys(a.envelope.numeric)]);
  for (const name of numeric) states = combine(states, numericPairs(b, a, name));
  const sets = new Set([...Object.keys(b.envelope.sets), ...Object.keys(a.envelope.sets)]);
  for (const name of sets) states = combine(states, setPairs(b, a, name));
  states = combine(states, spendPairs(b, a));
  return combine(states, cooldownPairs(b, a));
};

const AXES: readonly Axis[] = [model, evidence, confidence, windows, history, envelope];
