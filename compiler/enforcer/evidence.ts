// The evidence and confidence gates. A signal is fresh when its observation is at most
// maxAgeSeconds old at the request's time (exactly maxAge is still fresh). Observations up to
// FUTURE_SKEW_SECONDS in the future count as fresh (collector clocks differ); later ones are not
// evidence. Only signals the grant lists count, each id once ("independent" = distinct signals).

import { deepFreeze, gateResult, reason } from './decisions.js';
import { fixed } from './fixed.js';
import { EVIDENCE_MAX_AGE, EVIDENCE_MIN, MIN_CONFIDENCE, type PreparedGrant } from './prepare.js';
import type { ParsedRequest } from './request.js';
import { compareSpan, spanMs } from './time.js';
import { formatDuration } from '../util/duration.js';
import type { DecisionRecord, GateResult } from './types.js';

const EVIDENCE_NOT_REQUIRED = fixed('EVIDENCE_NOT_REQUIRED');
const CONFIDENCE_NOT_REQUIRED = fixed('CONFIDENCE_NOT_REQUIRED');

export const FUTURE_SKEW_SECONDS = 5;

export interface EvidenceOutcome {
  gate: GateResult;
  signals: DecisionRecord['evidence']['signals'];
  freshIndependent: number;
}

const EMPTY: DecisionRecord['evidence']['signals'] = deepFreeze([]);

type SignalRecord = DecisionRecord['evidence']['signals'][number];

/** Distinct signals seen: a bit per listed signal (the grant's list, by position), a Set past 31. */
class Distinct {
  mask = 0;
  more: Set<number> | null = null;
  add(i: number): void {
    if (i < 31) this.mask |= 1 << i;
    else (this.more ??= new Set()).add(i);
  }
  get size(): number {
    let m = this.mask;
    let n = 0;
    while (m !== 0) {
      m &= m - 1;
      n++;
    }
    return n + (this.more?.size ?? 0);
  }
}

/** The position of a signal in the grant's list, or -1. */
function signalPosition(pg: PreparedGrant, id: string): number {
  const strs = pg.strs;
  for (let j = 0; j < pg.signalsCount; j++) if (strs[pg.signalsAt + j] === id) return j;
  return -1;
}

/** What the record says about each cited signal; also the freshness count the gate needs. */
export function evaluateEvidence(pg: PreparedGrant, p: ParsedRequest): EvidenceOutcome {
  const required = pg.evidenceRequired;
  const cited = p.req.signals;
  if (cited.length === 0 && !required) return { gate: EVIDENCE_NOT_REQUIRED, signals: EMPTY, freshIndependent: 0 };
  const maxAge = pg.nums[pg.numsAt + EVIDENCE_MAX_AGE]!;
  const records: SignalRecord[] = [];
  const citedSet = new Distinct();
  const freshSet = new Distinct();
  for (let i = 0; i < cited.length; i++) {
    const s = cited[i]!;
    const observedMs = p.signalMs[i]!;
    const ageSeconds = spanMs(p.timeMs, p.req.time, observedMs, s.observedAt) / 1000;
    const position = required ? signalPosition(pg, s.id) : -1;
    const isListed = position >= 0;
    // At most maxAge old, and not observed more than the skew after the request (exact to the last digit).
    const fresh = required && compareSpan(p.timeMs, p.req.time, observedMs, s.observedAt, maxAge * 1000) <= 0
      && compareSpan(observedMs, s.observedAt, p.timeMs, p.req.time, FUTURE_SKEW_SECONDS * 1000) <= 0;
    records.push(s.value === undefined
      ? { id: s.id, observedAt: s.observedAt, ageSeconds, listed: isListed, fresh }
      : { id: s.id, observedAt: s.observedAt, ageSeconds, listed: isListed, fresh, value: s.value });
    if (!isListed) continue;
    citedSet.add(position);
    if (fresh) freshSet.add(position);
  }
  const signals = records.length === 0 ? EMPTY : records;
  if (!required) return { gate: EVIDENCE_NOT_REQUIRED, signals, freshIndependent: 0 };
  const min = pg.nums[pg.numsAt + EVIDENCE_MIN]!;
  const fresh = freshSet.size;
  if (fresh >= min) return { gate: pg.evidenceOk!, signals, freshIndependent: fresh };
  const citedCount = citedSet.size;
  let gate: GateResult;
  if (citedCount >= min) {
    const freshIds = new Set(records.filter((r) => r.listed && r.fresh).map((r) => r.id));
    // Not fresh: too old, or dated after the request beyond the skew (a clock is wrong), said so;
    // each signal once.
    const notFresh = new Map<string, string>();
    for (const r of records) {
      if (!r.listed || freshIds.has(r.id)) continue;
      if (r.ageSeconds < -FUTURE_SKEW_SECONDS) notFresh.set(r.id, `${r.id} (dated ${formatDuration(-r.ageSeconds)} after the request)`);
      else if (!notFresh.has(r.id)) notFresh.set(r.id, r.id);
    }
    gate = gateResult('evidence', [reason('EVIDENCE_STALE', { fresh, min, maxAge: pg.maxAgeText, stale: [...notFresh.values()].join(', ') })]);
  } else {
    gate = gateResult('evidence', [reason('EVIDENCE_INSUFFICIENT', { cited: citedCount, fresh, min, signals: pg.signalsText })]);
  }
  return { gate, signals, freshIndependent: fresh };
}

export function evaluateConfidence(pg: PreparedGrant, confidence: number): GateResult {
  const ok = pg.confidenceOk;
  if (ok === null) return CONFIDENCE_NOT_REQUIRED;
  const min = pg.nums[pg.numsAt + MIN_CONFIDENCE]!;
  if (confidence >= min) return ok;
  return gateResult('confidence', [reason('CONFIDENCE_LOW', { confidence, minConfidence: min })]);
}
