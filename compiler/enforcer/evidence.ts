// The evidence and confidence gates. A signal is fresh when its observation is at most
// maxAgeSeconds old at the request's time (exactly maxAge is still fresh). Observations up to
// FUTURE_SKEW_SECONDS in the future count as fresh (collector clocks differ); later ones are not
// evidence. Only signals the grant lists count, each id once ("independent" = distinct signals).

import { deepFreeze, gateResult, reason } from './decisions.js';
import { fixed } from './fixed.js';
import type { PreparedGrant } from './prepare.js';
import type { ParsedRequest } from './request.js';
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

/** What the record says about each cited signal; also the freshness count the gate needs. */
export function evaluateEvidence(pg: PreparedGrant, p: ParsedRequest): EvidenceOutcome {
  const ev = pg.evidence;
  const cited = p.req.signals;
  if (cited.length === 0 && ev === null) return { gate: EVIDENCE_NOT_REQUIRED, signals: EMPTY, freshIndependent: 0 };
  const records: SignalRecord[] = [];
  const citedSet = new Distinct();
  const freshSet = new Distinct();
  for (let i = 0; i < cited.length; i++) {
    const s = cited[i]!;
    const ageSeconds = (p.timeMs - p.signalMs[i]!) / 1000;
    const position = ev === null ? undefined : ev.signals.get(s.id);
    const listed = position !== undefined;
    const fresh = ev !== null && ageSeconds <= ev.maxAgeSeconds && ageSeconds >= -FUTURE_SKEW_SECONDS;
    records.push(s.value === undefined
      ? { id: s.id, observedAt: s.observedAt, ageSeconds, listed, fresh }
      : { id: s.id, observedAt: s.observedAt, ageSeconds, listed, fresh, value: s.value });
    if (position === undefined) continue;
    citedSet.add(position);
    if (fresh) freshSet.add(position);
  }
  const signals = records.length === 0 ? EMPTY : records;
  if (ev === null) return { gate: EVIDENCE_NOT_REQUIRED, signals, freshIndependent: 0 };
  const fresh = freshSet.size;
  if (fresh >= ev.min) return { gate: ev.ok, signals, freshIndependent: fresh };
  const citedCount = citedSet.size;
  let gate: GateResult;
  if (citedCount >= ev.min) {
    const freshIds = new Set(records.filter((r) => r.listed && r.fresh).map((r) => r.id));
    const stale = [...new Set(records.filter((r) => r.listed && !freshIds.has(r.id)).map((r) => r.id))].join(', ');
    gate = gateResult('evidence', [reason('EVIDENCE_STALE', { fresh, min: ev.min, maxAge: ev.maxAgeSeconds, stale })]);
  } else {
    gate = gateResult('evidence', [reason('EVIDENCE_INSUFFICIENT', { cited: citedCount, fresh, min: ev.min, signals: ev.signalsText })]);
  }
  return { gate, signals, freshIndependent: fresh };
}

export function evaluateConfidence(pg: PreparedGrant, confidence: number): GateResult {
  const min = pg.minConfidence;
  if (min === null || pg.confidenceOk === null) return CONFIDENCE_NOT_REQUIRED;
  if (confidence >= min) return pg.confidenceOk;
  return gateResult('confidence', [reason('CONFIDENCE_LOW', { confidence, minConfidence: min })]);
}
