// The decision record: the four audit questions, plus which bundle, runbook and rule decided.
// It references the request's values rather than copying them (decide() has a budget of about two
// microseconds); serialise the record before mutating the request object you passed in.

import type { Decision } from '../bundle/types.js';
import type { EvidenceOutcome } from './evidence.js';
import type { LoadedBundle } from './loaded.js';
import type { PreparedGrant } from './prepare.js';
import type { ParsedRequest } from './request.js';
import type { Fired } from './escalation.js';
import type { ApprovalRequirement, DecisionRecord, GateResult, Reason, VetoWindow } from './types.js';

const NEXT: Record<Decision, DecisionRecord['outcome']['next']> = {
  allow: 'execute', notify: 'execute-unless-vetoed', approve: 'await-approval',
  'human-executes': 'hand-to-human', 'change-board': 'await-change-board', deny: 'blocked',
};
const REQUIRES: Record<Decision, DecisionRecord['authority']['requires']> = {
  allow: 'nothing', notify: 'veto-window', approve: 'approval',
  'human-executes': 'human-execution', 'change-board': 'change-board', deny: 'denied',
};
const NONE: readonly never[] = Object.freeze([]);

export interface RecordInput {
  bundle: LoadedBundle;
  raw: unknown;
  parsed: ParsedRequest | null;
  pg: PreparedGrant | null;
  decision: Decision;
  reasons: readonly Reason[];
  gates: readonly GateResult[];
  fired: readonly Fired[];
  approval: ApprovalRequirement | null;
  veto: VetoWindow | null;
  evidence: EvidenceOutcome | null;
}

/** Values of a malformed request worth keeping, when they have the right type. */
function looseString(raw: unknown, key: string): string | null {
  const v = (raw as Record<string, unknown> | null)?.[key];
  return typeof v === 'string' && v.length > 0 && v.length <= 200 ? v : null;
}

export function buildRecord(x: RecordInput): DecisionRecord {
  const p = x.parsed;
  const req = p?.req;
  const pg = x.pg;
  const approvers = pg === null ? NONE : x.approval ? pg.approverIds() : x.veto ? pg.vetoIds() : NONE;
  const escalations = x.fired.length === 0 ? NONE : x.fired.map((f) => ({ on: f.fired.on, to: f.ids }));
  return {
    recordVersion: 'gatebook.decision/v1',
    requestId: req ? req.requestId ?? null : looseString(x.raw, 'requestId'),
    time: req ? req.time : null,
    decision: x.decision,
    reasons: x.reasons,
    gates: x.gates,
    bundle: x.bundle.recordBundle,
    runbook: pg ? pg.runbookId : null,
    rule: pg ? pg.rule : null,
    recommendation: req
      ? {
          actor: req.actor,
          model: req.model,
          action: req.action,
          service: req.service,
          parameters: req.parameters,
          rationale: req.rationale,
          alternatives: req.alternatives ?? NONE,
          confidence: req.confidence,
          severity: req.severity ?? null,
        }
      : null,
    authority: {
      decidedBy: 'gatebook-reference-enforcer',
      policy: pg ? pg.policy : null,
      actorOwner: pg ? pg.actorOwner : null,
      requires: REQUIRES[x.decision],
      approvers,
      approvalsNeeded: x.approval && pg ? pg.approvalCount : 0,
      approvals: [],
    },
    evidence: {
      signals: x.evidence ? x.evidence.signals : NONE,
      freshIndependent: x.evidence ? x.evidence.freshIndependent : 0,
      required: pg ? pg.required : null,
      confidence: req ? req.confidence : null,
      // Always present (null for a malformed request): one shape for every record.
      context: req
        ? {
            lastActionAt: req.lastActionAt ?? null,
            lastActionGiven: req.lastActionAt !== undefined,
            directionChanges: req.history?.directionChanges ?? null,
            overrides: req.history?.overrides ?? null,
            uncertainty: req.uncertainty ?? null,
          }
        : null,
    },
    outcome: {
      next: NEXT[x.decision],
      escalations,
      rollback: pg ? pg.rollback : null,
      canary: pg ? pg.canary : null,
      events: [],
    },
    retentionDays: pg ? pg.retentionDays : null,
  };
}
