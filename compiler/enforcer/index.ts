// The reference enforcer: `import { loadBundle, decide } from 'gatebook/enforcer'`.
// See compiler/enforcer/README.md for the semantics and REASONS.md for every reason code.

export { loadBundle, signaturesPath, SIGNED_NAME } from './load.js';
export { computeDigest, compactWithoutDigest } from './digest.js';
export { decide, decideJson } from './decide.js';
export { Enforcer, BundleHolder } from './holder.js';
export { notLoaded, type LoadedBundle } from './loaded.js';
export { REASONS, REASON_CODES, type ReasonCode, type ReasonSpec } from './reasons.js';
export { RANK, stricter } from './decisions.js';
export { FUTURE_SKEW_SECONDS } from './evidence.js';
export { GATE_ORDER } from './types.js';
export type {
  ApprovalRequirement, BundleSource, Decision, DecisionRecord, DecisionRequest, DecisionResult, EscalationFired,
  EscalationOn, EscalationTarget, GateName, GateResult, LoadOptions, Reason, RecordPerson, Severity, SignalObservation,
  SignatureStatus, UncertaintyFlag, VetoWindow,
} from './types.js';
export type { BundleContact } from '../bundle/types.js';
