// decide(): synchronous, pure (no clock, no I/O, no mutation of its inputs), total (never throws
// for any input). The decision is the strictest of every gate's; every gate is evaluated even
// after one denies, so the answer lists them all.

import { DECISIONS, grantKey, type Decision } from '../bundle/types.js';
import { gateResult, RANK, reason } from './decisions.js';
import { evaluateHistory, evaluateModel, evaluatePolicy, evaluateUncertainty } from './context.js';
import { firstDuplicateMember } from './duplicate-member.js';
import { ENVELOPE_BREACH, ESCALATES, fire, type Fired } from './escalation.js';
import { evaluateConfidence, evaluateEvidence, type EvidenceOutcome } from './evidence.js';
import { evaluateCooldown, evaluateEnvelope } from './envelope.js';
import { fixed } from './fixed.js';
import { isLoadedBundle, notLoaded, type LoadedBundle } from './loaded.js';
import type { BundleIndex } from './bundle-index.js';
import type { PreparedGrant } from './prepare.js';
import { buildRecord } from './record.js';
import { validateRequest, type ParsedRequest } from './request.js';
import type {
  ApprovalRequirement, DecisionResult, EscalationFired, EscalationOn, GateResult, Reason, VetoWindow,
} from './types.js';
import { evaluateWindows } from './windows.js';

const REQUEST_VALID = fixed('REQUEST_VALID');

const NO_ESCALATIONS: readonly EscalationFired[] = Object.freeze([]);

// `pg`: the grant whose prepared passing results (all allow) are skipped without being read — on a
// 10,000-runbook bundle each would be a cache miss, and decide() has a budget of about two microseconds.
function strictest(gates: readonly GateResult[], pg: PreparedGrant | null): Decision {
  let rank = 0;
  for (const g of gates) {
    if (pg !== null && pg.passes(g)) continue;
    const k = RANK[g.decision];
    if (k > rank) rank = k;
  }
  return DECISIONS[rank]!;
}

/** Every finding stricter than allow, in gate order; when there is none, the first gate's that decided. */
function explain(gates: readonly GateResult[], fallback: GateResult, pg: PreparedGrant | null): readonly Reason[] {
  let out: Reason[] | null = null;
  for (const g of gates) {
    if ((pg !== null && pg.passes(g)) || g.decision === 'allow') continue;
    for (const r of g.reasons) if (r.decision !== 'allow') (out ??= []).push(r);
  }
  return out ?? fallback.reasons;
}

/**
 * Why, for a reader: the findings that set the decision. `reasons` lists every finding stricter
 * than allow, so a deny also shows a gate's "a human must approve"; the summary is what denied it.
 */
function summarize(decision: Decision, reasons: readonly Reason[]): string {
  let out: string | null = null;
  // Concatenation, not an array and join: V8 makes a rope, no copy (decide() runs in microseconds).
  for (const r of reasons) if (r.decision === decision) out = out === null ? r.message : `${out} ${r.message}`;
  return out ?? reasons[0]!.message;
}

/** Decide without a usable grant: only the gates that can be evaluated are listed. */
function early(bundle: LoadedBundle, raw: unknown, parsed: ParsedRequest | null, gates: GateResult[]): DecisionResult {
  const reasons = explain(gates, gates[0]!, null);
  const decision = strictest(gates, null);
  const record = buildRecord({
    bundle, raw, parsed, pg: null, decision, reasons, gates, fired: NO_FIRED, approval: null, veto: null, evidence: null,
  });
  return { decision, summary: summarize(decision, reasons), reasons, gates, escalations: NO_ESCALATIONS, approval: null, veto: null, record };
}

function lookupFailure(index: BundleIndex, actor: string, action: string, service: string): GateResult {
  const reasons: Reason[] = [];
  if (!index.hasActor(actor)) reasons.push(reason('ACTOR_UNKNOWN', { actor }));
  if (!index.hasAction(action)) reasons.push(reason('ACTION_UNKNOWN', { action }));
  if (!index.hasService(service)) reasons.push(reason('SERVICE_UNKNOWN', { service }));
  if (reasons.length === 0) reasons.push(reason('GRANT_MISSING', { actor, action, service }));
  return gateResult('grant', reasons);
}

const NO_FIRED: readonly Fired[] = Object.freeze([]);

function escalate(pg: PreparedGrant, gates: readonly GateResult[]): readonly Fired[] {
  const list: Fired[] = [];
  const route = (on: EscalationOn) => pg.route(on);
  for (const g of gates) {
    if (pg.passes(g) || g.decision === 'allow') continue;
    for (const r of g.reasons) {
      const rule = ESCALATES[r.code];
      if (rule !== undefined) fire(list, route, rule, r.code);
      else if (r.decision === 'deny' && (g.gate === 'envelope' || g.gate === 'cooldown')) fire(list, route, ENVELOPE_BREACH, r.code);
    }
  }
  return list.length === 0 ? NO_FIRED : list;
}

function approvalFor(pg: PreparedGrant, decision: Decision): ApprovalRequirement | null {
  switch (decision) {
    case 'approve': case 'human-executes': case 'change-board': return pg.approval(decision);
    default: return null;
  }
}

export function decide(bundle: LoadedBundle, request: unknown): DecisionResult {
  // Not a loaded bundle (undefined, a promise not awaited): nothing is loaded, so deny.
  const loaded = isLoadedBundle(bundle) ? bundle : NOT_LOADED;
  try {
    return decideLoaded(loaded, request);
  } catch {
    return decideAfterThrow(loaded, request);
  }
}

const NOT_LOADED = notLoaded();

/**
 * decide() reads the request as JSON data. Something else — a getter that throws, a revoked
 * proxy — can throw while it is read: a request that cannot be copied as JSON is malformed; one
 * that can is decided from its copy. Anything thrown then is a fault in the enforcer: still deny.
 */
function decideAfterThrow(bundle: LoadedBundle, request: unknown): DecisionResult {
  const denied = (code: 'REQUEST_INVALID' | 'DECISION_FAILED', detail: string) =>
    early(bundle, null, null, [bundle.status, gateResult('request', [reason(code, { detail })])]);
  let copy: unknown;
  try {
    copy = JSON.parse(JSON.stringify(request) ?? 'null');
  } catch (copyError) {
    return denied('REQUEST_INVALID', `it cannot be read as JSON data (${messageOf(copyError)})`);
  }
  try {
    return decideLoaded(bundle, copy);
  } catch (again) {
    return denied('DECISION_FAILED', messageOf(again));
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function decideLoaded(bundle: LoadedBundle, request: unknown): DecisionResult {
  const v = validateRequest(request);
  const requestGate = v.ok ? REQUEST_VALID : gateResult('request', v.errors.map((detail) => reason('REQUEST_INVALID', { detail })));
  const parsed = v.ok ? v.value : null;
  const index = bundle.index;
  if (!bundle.ok || index === null) return early(bundle, request, parsed, [bundle.status, requestGate]);
  if (parsed === null) return early(bundle, request, null, [bundle.status, requestGate]);

  const req = parsed.req;
  // Exact: every key in a loaded bundle joins three ids with `|` and ids hold no `|`, so a request
  // whose actor, action or service contains one makes a key with too many to be in the index.
  const pg = index.grant(grantKey(req.actor, req.action, req.service));
  if (pg === undefined) {
    return early(bundle, request, parsed, [bundle.status, requestGate, lookupFailure(index, req.actor, req.action, req.service)]);
  }

  const evidence: EvidenceOutcome = evaluateEvidence(pg, parsed);
  const gates: GateResult[] = [
    bundle.status,
    requestGate,
    pg.found,
    pg.gate,
    pg.aiRole,
    evaluatePolicy(pg, parsed.timeMs),
    evaluateModel(pg, req.model),
    evidence.gate,
    evaluateConfidence(pg, req.confidence),
    evaluateUncertainty(req.uncertainty),
    evaluateEnvelope(pg, req.parameters),
    evaluateCooldown(pg, parsed),
    evaluateWindows(pg, parsed),
    evaluateHistory(pg, parsed),
  ];
  const decision = strictest(gates, pg);
  const reasons = explain(gates, pg.gate, pg);
  const fired = decision === 'allow' ? NO_FIRED : escalate(pg, gates);
  const escalations = fired.length === 0 ? NO_ESCALATIONS : fired.map((f) => f.fired);
  const approval = approvalFor(pg, decision);
  const veto: VetoWindow | null = decision === 'notify' ? pg.veto() : null;
  const record = buildRecord({ bundle, raw: request, parsed, pg, decision, reasons, gates, fired, approval, veto, evidence });
  return { decision, summary: summarize(decision, reasons), reasons, gates, escalations, approval, veto, record };
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Decide on request text (the CLI's input): text that is not JSON is a malformed request. Given
 * bytes, they must be UTF-8: decoding others would put U+FFFD where the agent's text differs.
 */
export function decideJson(given: LoadedBundle, input: string | Uint8Array): DecisionResult {
  const bundle = isLoadedBundle(given) ? given : NOT_LOADED;
  // Text that cannot be read as one request: deny, keeping in the record what could be read.
  const malformed = (raw: unknown, detail: string) =>
    early(bundle, raw, null, [bundle.status, gateResult('request', [reason('REQUEST_INVALID', { detail })])]);
  let text: string;
  if (typeof input === 'string') text = input;
  else {
    try {
      text = UTF8.decode(input);
    } catch {
      return malformed(undefined, 'not UTF-8 text');
    }
  }
  let request: unknown;
  try {
    request = JSON.parse(text);
  } catch (error) {
    return malformed(undefined, `not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const duplicate = firstDuplicateMember(text);
  if (duplicate !== null) {
    return malformed(request, `${duplicate || '/'} is given twice in one object; a member must appear once, or readers disagree on which value counts`);
  }
  return decide(bundle, request);
}
