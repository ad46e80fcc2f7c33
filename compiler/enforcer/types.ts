// Public types of the reference enforcer: the request an AI actor sends, the result it gets back,
// and the decision record kept for audit (schemas/decision.schema.json describes the JSON).
// The enforcer reads only the compiled bundle (compiler/bundle/types.ts), never a runbook.

import type { BundleContact, Decision } from '../bundle/types.js';
import type { ReasonCode } from './reasons.js';

export type { Decision } from '../bundle/types.js';

export type Severity = 'sev1' | 'sev2' | 'sev3' | 'sev4' | 'sev5';
export type UncertaintyFlag = 'inconsistent-telemetry' | 'model-disagreement' | 'out-of-distribution';
export type EscalationOn =
  | 'stale-telemetry' | 'inconsistent-telemetry' | 'model-disagreement' | 'out-of-distribution'
  | 'low-confidence' | 'model-version-mismatch' | 'policy-boundary' | 'policy-expired'
  | 'repeated-overrides' | 'flapping' | 'envelope-breach';

/** One observation the AI cites as evidence. */
export interface SignalObservation {
  id: string;
  /** RFC 3339 date-time with `Z` or an offset. */
  observedAt: string;
  value?: number;
}

/**
 * What an AI actor asks: "may I do this, now?". Validated by hand in request.ts; the JSON form is
 * `$defs/request` in schemas/decision.schema.json. Unknown top-level fields make it malformed.
 */
export interface DecisionRequest {
  /** The caller's correlation id, copied into the record. */
  requestId?: string;
  actor: string;
  model: { name: string; version: string };
  action: string;
  service: string;
  /** The proposed parameters; see "Parameter semantics" in README.md. */
  parameters: Record<string, unknown>;
  signals: SignalObservation[];
  /** The model's confidence, 0 to 1. */
  confidence: number;
  rationale: string;
  alternatives?: string[];
  /** The incident's severity, if there is an incident. */
  severity?: Severity | null;
  /** The decision time, RFC 3339. The enforcer never reads a clock. */
  time: string;
  /** When this action last ran on this service (RFC 3339), or null for never. Needed for cooldowns. */
  lastActionAt?: string | null;
  /** Recent history the caller tracks, for the `flapping` and `repeated-overrides` triggers. */
  history?: { directionChanges?: string[]; overrides?: string[] };
  /** Uncertainty the caller detected; each one is at least `approve` and escalates. */
  uncertainty?: UncertaintyFlag[];
}

export type GateName =
  | 'bundle' | 'request' | 'grant' | 'gate' | 'ai-role' | 'policy' | 'model' | 'evidence'
  | 'confidence' | 'uncertainty' | 'envelope' | 'cooldown' | 'change-window' | 'history';

/** Every gate in the order results are listed. */
export const GATE_ORDER: readonly GateName[] = [
  'bundle', 'request', 'grant', 'gate', 'ai-role', 'policy', 'model', 'evidence',
  'confidence', 'uncertainty', 'envelope', 'cooldown', 'change-window', 'history',
];

export interface Reason {
  code: ReasonCode;
  gate: GateName;
  /** The least strict decision this finding permits (`allow` for a passing check). */
  decision: Decision;
  /** A sentence a human can read. */
  message: string;
}

export interface GateResult {
  gate: GateName;
  /** The strictest decision among its reasons. */
  decision: Decision;
  reasons: readonly Reason[];
}

export interface EscalationTarget {
  contact: BundleContact;
  /** From the escalation chain; null when a trigger's `to` pages the contact directly. */
  ackWithinSeconds: number | null;
}

export interface EscalationFired {
  on: EscalationOn;
  /** The reason code that fired it. */
  because: ReasonCode;
  /** Whether the grant's escalation triggers name this `on` (mandatory ones fire regardless). */
  declared: boolean;
  /** `trigger`: the trigger's `to`; `chain`: the escalation chain from the top. */
  route: 'trigger' | 'chain';
  to: readonly EscalationTarget[];
}

export interface ApprovalRequirement {
  /** What the humans do: approve the AI's action, execute it themselves, or take it to the board. */
  kind: 'approve' | 'human-executes' | 'change-board';
  approvers: readonly BundleContact[];
  count: number;
  justification: boolean;
  timeoutSeconds: number | null;
  onTimeout: 'deny' | 'escalate';
  /** `grant`: the grant's approval block; `escalation-chain`: none declared, so the chain approves. */
  source: 'grant' | 'escalation-chain';
  contextChecks: ReadonlyArray<{ id: string; question: string }>;
}

export interface VetoWindow {
  windowSeconds: number | null;
  notify: readonly BundleContact[];
}

export type SignatureStatus = 'verified' | 'unverified' | 'failed' | 'none';

export interface DecisionResult {
  decision: Decision;
  /** Why, in a sentence or two: the messages of the findings that set the decision. */
  summary: string;
  /** The findings that made the decision stricter than `allow` (or the gate's, when it allows). */
  reasons: readonly Reason[];
  /** Every gate, in GATE_ORDER, evaluated even after one denies. */
  gates: readonly GateResult[];
  escalations: readonly EscalationFired[];
  /** Who must sign off, for approve / human-executes / change-board; null otherwise. */
  approval: ApprovalRequirement | null;
  /** For `notify`: who may veto, and for how long. */
  veto: VetoWindow | null;
  record: DecisionRecord;
}

export interface RecordPerson {
  name: string;
  email: string;
  chat?: string;
}

/** The decision record (schemas/decision.schema.json): the four audit questions. */
export interface DecisionRecord {
  recordVersion: 'gatebook.decision/v1';
  requestId: string | null;
  /** The request's time: when the decision was made. */
  time: string | null;
  decision: Decision;
  /** The findings that decided (the same array as DecisionResult.reasons). */
  reasons: readonly Reason[];
  /** Every gate's result (the same array as DecisionResult.gates). */
  gates: readonly GateResult[];
  bundle: {
    status: 'loaded' | 'failed';
    digest: string | null;
    revision: string | null;
    schemaVersion: string | null;
    signature: SignatureStatus;
  };
  runbook: string | null;
  rule: string | null;
  /** 1. What did the AI recommend? */
  recommendation: {
    actor: string;
    model: { name: string; version: string };
    action: string;
    service: string;
    parameters: Record<string, unknown>;
    rationale: string;
    alternatives: readonly string[];
    confidence: number;
    severity: Severity | null;
  } | null;
  /** 2. Who approved or denied it? */
  authority: {
    decidedBy: 'gatebook-reference-enforcer';
    policy: {
      runbook: string;
      title: string;
      owner: RecordPerson;
      approvedBy: RecordPerson;
      approvedOn: string;
      ticket: string;
      expiresOn: string;
    } | null;
    actorOwner: RecordPerson | null;
    requires: 'nothing' | 'veto-window' | 'approval' | 'human-execution' | 'change-board' | 'denied';
    approvers: readonly string[];
    approvalsNeeded: number;
    /** Appended by the approval workflow after the decision. */
    approvals: ReadonlyArray<{ by: RecordPerson; at: string; verdict: 'approved' | 'denied' | 'vetoed'; justification?: string }>;
  };
  /** 3. What evidence was used? */
  evidence: {
    signals: ReadonlyArray<{ id: string; observedAt: string; ageSeconds: number; listed: boolean; fresh: boolean; value?: number }>;
    freshIndependent: number;
    required: { signals: readonly string[]; minIndependent: number; maxAgeSeconds: number; minConfidence: number | null } | null;
    confidence: number | null;
    /** What the request said the cooldown, history and uncertainty gates decided on (null lists: not given); null for a malformed request. */
    context: {
      lastActionAt: string | null;
      lastActionGiven: boolean;
      directionChanges: readonly string[] | null;
      overrides: readonly string[] | null;
      uncertainty: readonly UncertaintyFlag[] | null;
    } | null;
  };
  /** 4. What happened next? */
  outcome: {
    next: 'execute' | 'execute-unless-vetoed' | 'await-approval' | 'hand-to-human' | 'await-change-board' | 'blocked';
    escalations: ReadonlyArray<{ on: EscalationOn; to: readonly string[] }>;
    rollback: { triggers: readonly string[]; action: string; owner: string; automatic: boolean } | null;
    canary: { durationSeconds: number; success: readonly string[] } | null;
    /** Appended by executors after the decision: executed, vetoed, rolled-back, … */
    events: ReadonlyArray<{ at: string; kind: string; detail?: string }>;
  };
  retentionDays: number | null;
}

export type BundleSource =
  | { bytes: Uint8Array; signatures?: string | Uint8Array; name?: string }
  | { path: string };

export interface LoadOptions {
  /** The public key (PEM: SPKI, PKCS#1 or a certificate) of the key that signs bundles. Giving one makes a signature required. */
  publicKeyPem?: string;
  /**
   * true: require a valid signature (without a key every decision is deny, BUNDLE_KEY_MISSING).
   * Unset: required when the bundle is signed (a signatures file beside it) or a key is given, so
   * a signed bundle without the key denies everything. false: a signed bundle is loaded without
   * checking its signature (status `unverified`) unless a key is given — for tools, not enforcers.
   */
  requireSignature?: boolean;
}
