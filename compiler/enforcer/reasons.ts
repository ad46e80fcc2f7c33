// Every reason code the reference enforcer can give, in one table: the gate that gives it, the
// decision it permits, and the sentence template a human reads. Codes are SCREAMING_SNAKE and
// stable: conformance cases, dashboards and other enforcers match on them, so a code is never
// renamed or reused — add a new one instead. `render` must produce exactly `template` with the
// {placeholders} filled (test/enforcer-reasons.test.ts checks every entry). Passing findings have
// sentences that depend only on the grant, so they are built once per grant, not per decision.
//
// The same table for people and other implementations is REASONS.md beside this file; the test
// holds the two to the same codes, order, gates, decisions and templates.

import type { Decision } from '../bundle/types.js';
import type { GateName } from './types.js';

export type ReasonParams = Record<string, string | number>;
export interface ReasonSpec {
  gate: GateName;
  decision: Decision | 'outside' | 'gate';
  template: string;
  /** `outcome`: what the finding's decision means, filled into an `outside` finding's {outcome}; a second argument, not a param, to spare a copy per finding. Durations come as text (1w). */
  render: (p: ReasonParams, outcome?: string) => string;
}

const r = (gate: GateName, decision: ReasonSpec['decision'], template: string, render: ReasonSpec['render']): ReasonSpec =>
  ({ gate, decision, template, render });

const DENY_ALL = ', so every decision is deny.';

/** What a decision means for the requester: the end of an `outside` finding's sentence ({outcome}). */
export const OUTCOME: Readonly<Record<Decision, string>> = {
  allow: 'it is allowed',
  notify: 'a named human may veto it',
  approve: 'a human must approve',
  'human-executes': 'a human must carry it out',
  'change-board': 'the change review board decides',
  deny: 'it is denied',
};

export const REASONS = {
  BUNDLE_OK: r('bundle', 'allow', 'Policy bundle {digest} (revision {revision}) is loaded; signature {signature}.', (p) => `Policy bundle ${p.digest} (revision ${p.revision}) is loaded; signature ${p.signature}.`),
  BUNDLE_NOT_LOADED: r('bundle', 'deny', 'No policy bundle has been loaded yet, so every decision is deny.', () => `No policy bundle has been loaded yet${DENY_ALL}`),
  BUNDLE_MISSING: r('bundle', 'deny', 'There is no policy bundle at {path}, so every decision is deny.', (p) => `There is no policy bundle at ${p.path}${DENY_ALL}`),
  BUNDLE_UNREADABLE: r('bundle', 'deny', 'The policy bundle at {path} cannot be read ({detail}), so every decision is deny.', (p) => `The policy bundle at ${p.path} cannot be read (${p.detail})${DENY_ALL}`),
  BUNDLE_CORRUPT: r('bundle', 'deny', 'The policy bundle is corrupt ({detail}), so every decision is deny.', (p) => `The policy bundle is corrupt (${p.detail})${DENY_ALL}`),
  BUNDLE_SCHEMA_UNKNOWN: r('bundle', 'deny', 'The policy bundle has schema version {found}, which this enforcer does not understand (it reads {expected}), so every decision is deny.', (p) => `The policy bundle has schema version ${p.found}, which this enforcer does not understand (it reads ${p.expected})${DENY_ALL}`),
  BUNDLE_DIGEST_MISMATCH: r('bundle', 'deny', "The policy bundle's content does not match its digest (declared {declared}, computed {actual}), so every decision is deny.", (p) => `The policy bundle's content does not match its digest (declared ${p.declared}, computed ${p.actual})${DENY_ALL}`),
  BUNDLE_SIGNATURE_MISSING: r('bundle', 'deny', 'The policy bundle must be signed but has no signature file ({path}), so every decision is deny.', (p) => `The policy bundle must be signed but has no signature file (${p.path})${DENY_ALL}`),
  BUNDLE_SIGNATURE_INVALID: r('bundle', 'deny', "The policy bundle's signature does not verify ({detail}), so every decision is deny.", (p) => `The policy bundle's signature does not verify (${p.detail})${DENY_ALL}`),
  BUNDLE_KEY_MISSING: r('bundle', 'deny', 'The policy bundle is signed, or a signature is required, but no public key was given to verify it, so every decision is deny.', () => `The policy bundle is signed, or a signature is required, but no public key was given to verify it${DENY_ALL}`),
  BUNDLE_KEY_INVALID: r('bundle', 'deny', 'The public key for bundle signatures cannot be used ({detail}), so every decision is deny.', (p) => `The public key for bundle signatures cannot be used (${p.detail})${DENY_ALL}`),

  REQUEST_VALID: r('request', 'allow', 'The request is well formed.', () => 'The request is well formed.'),
  REQUEST_INVALID: r('request', 'deny', 'The request is malformed: {detail}.', (p) => `The request is malformed: ${p.detail}.`),
  DECISION_FAILED: r('request', 'deny', 'The enforcer failed while deciding ({detail}); this is a fault in the enforcer, so the request is denied.', (p) => `The enforcer failed while deciding (${p.detail}); this is a fault in the enforcer, so the request is denied.`),

  GRANT_FOUND: r('grant', 'allow', 'Rule {rule} grants {actor} the action {action} on {service}.', (p) => `Rule ${p.rule} grants ${p.actor} the action ${p.action} on ${p.service}.`),
  ACTOR_UNKNOWN: r('grant', 'deny', 'No runbook in this bundle names the AI actor {actor}.', (p) => `No runbook in this bundle names the AI actor ${p.actor}.`),
  ACTION_UNKNOWN: r('grant', 'deny', 'No runbook in this bundle declares the action {action}.', (p) => `No runbook in this bundle declares the action ${p.action}.`),
  SERVICE_UNKNOWN: r('grant', 'deny', 'No runbook in this bundle covers the service {service}.', (p) => `No runbook in this bundle covers the service ${p.service}.`),
  GRANT_MISSING: r('grant', 'deny', 'No runbook grants {actor} the action {action} on {service}.', (p) => `No runbook grants ${p.actor} the action ${p.action} on ${p.service}.`),

  GATE_AUTONOMOUS: r('gate', 'allow', 'The gate is autonomous: the AI may act, and the action is logged for review.', () => 'The gate is autonomous: the AI may act, and the action is logged for review.'),
  GATE_NOTIFY: r('gate', 'notify', 'The gate is notify: the AI may act unless someone notified ({notified}) vetoes {window}.', (p) => `The gate is notify: the AI may act unless someone notified (${p.notified}) vetoes ${p.window}.`),
  GATE_APPROVE: r('gate', 'approve', 'The gate is approve: {approvers} must approve before the AI acts, {justification}.', (p) => `The gate is approve: ${p.approvers} must approve before the AI acts, ${p.justification}.`),
  GATE_HUMAN_EXECUTES: r('gate', 'human-executes', 'The gate is human-executes: the AI drafts, a human performs the action.', () => 'The gate is human-executes: the AI drafts, a human performs the action.'),
  GATE_CHANGE_BOARD: r('gate', 'change-board', 'The gate is change-board: the change review board decides.', () => 'The gate is change-board: the change review board decides.'),

  AI_ROLE_EXECUTE: r('ai-role', 'allow', 'The AI may execute this action itself.', () => 'The AI may execute this action itself.'),
  AI_ROLE_RECOMMEND_ONLY: r('ai-role', 'human-executes', 'The AI may only recommend this action, so a human must carry it out.', () => 'The AI may only recommend this action, so a human must carry it out.'),
  AI_ROLE_DRAFT_ONLY: r('ai-role', 'human-executes', 'The AI may only draft this action, so a human must carry it out.', () => 'The AI may only draft this action, so a human must carry it out.'),
  AI_ROLE_PROHIBITED: r('ai-role', 'deny', 'The AI is prohibited from this action; only a human may do it, under runbook {runbook} (owner: {owner}).', (p) => `The AI is prohibited from this action; only a human may do it, under runbook ${p.runbook} (owner: ${p.owner}).`),

  POLICY_CURRENT: r('policy', 'allow', 'The policy is approved until {expiresOn} 00:00 UTC.', (p) => `The policy is approved until ${p.expiresOn} 00:00 UTC.`),
  POLICY_EXPIRED: r('policy', 'approve', 'The policy expired at {expiresOn} 00:00 UTC and has not been re-approved, so a human must approve.', (p) => `The policy expired at ${p.expiresOn} 00:00 UTC and has not been re-approved, so a human must approve.`),

  MODEL_PINNED: r('model', 'allow', 'The model {name} {version} is the one the grant is pinned to.', (p) => `The model ${p.name} ${p.version} is the one the grant is pinned to.`),
  MODEL_VERSION_MISMATCH: r('model', 'approve', 'The model version {version} is not the pinned {pinned}, so the grant does not carry over and a human must approve.', (p) => `The model version ${p.version} is not the pinned ${p.pinned}, so the grant does not carry over and a human must approve.`),
  MODEL_NAME_MISMATCH: r('model', 'approve', 'The model {name} is not the pinned {pinned}, so the grant does not carry over and a human must approve.', (p) => `The model ${p.name} is not the pinned ${p.pinned}, so the grant does not carry over and a human must approve.`),

  EVIDENCE_NOT_REQUIRED: r('evidence', 'allow', 'The grant requires no evidence.', () => 'The grant requires no evidence.'),
  EVIDENCE_SUFFICIENT: r('evidence', 'allow', 'At least {min} of the required signals ({signals}) are cited fresh, at most {maxAge} old.', (p) => `At least ${p.min} of the required signals (${p.signals}) are cited fresh, at most ${p.maxAge} old.`),
  EVIDENCE_STALE: r('evidence', 'approve', 'Fresh signals cited: {fresh}, fewer than the {min} needed (at most {maxAge} old; not fresh: {stale}), so a human must approve.', (p) => `Fresh signals cited: ${p.fresh}, fewer than the ${p.min} needed (at most ${p.maxAge} old; not fresh: ${p.stale}), so a human must approve.`),
  EVIDENCE_INSUFFICIENT: r('evidence', 'approve', 'Required signals cited: {cited}, fresh: {fresh}; at least {min} fresh ones from {signals} are needed, so a human must approve.', (p) => `Required signals cited: ${p.cited}, fresh: ${p.fresh}; at least ${p.min} fresh ones from ${p.signals} are needed, so a human must approve.`),

  CONFIDENCE_NOT_REQUIRED: r('confidence', 'allow', 'The grant sets no minimum confidence.', () => 'The grant sets no minimum confidence.'),
  CONFIDENCE_SUFFICIENT: r('confidence', 'allow', "The model's confidence meets the minimum {minConfidence}.", (p) => `The model's confidence meets the minimum ${p.minConfidence}.`),
  CONFIDENCE_LOW: r('confidence', 'approve', "The model's confidence {confidence} is below the minimum {minConfidence}, so a human must approve.", (p) => `The model's confidence ${p.confidence} is below the minimum ${p.minConfidence}, so a human must approve.`),

  UNCERTAINTY_NONE: r('uncertainty', 'allow', 'The caller reports no inconsistent telemetry, model disagreement or out-of-distribution input.', () => 'The caller reports no inconsistent telemetry, model disagreement or out-of-distribution input.'),
  TELEMETRY_INCONSISTENT: r('uncertainty', 'approve', 'The caller reports inconsistent telemetry, so a human must approve.', () => 'The caller reports inconsistent telemetry, so a human must approve.'),
  MODELS_DISAGREE: r('uncertainty', 'approve', 'The caller reports that models disagree, so a human must approve.', () => 'The caller reports that models disagree, so a human must approve.'),
  OUT_OF_DISTRIBUTION: r('uncertainty', 'approve', 'The caller reports out-of-distribution input, so a human must approve.', () => 'The caller reports out-of-distribution input, so a human must approve.'),

  ENVELOPE_UNBOUNDED: r('envelope', 'allow', 'The grant sets no bounds on parameters.', () => 'The grant sets no bounds on parameters.'),
  ENVELOPE_INSIDE: r('envelope', 'allow', 'Every bounded parameter is inside the safe operating envelope.', () => 'Every bounded parameter is inside the safe operating envelope.'),
  ENVELOPE_ABOVE_MAX: r('envelope', 'outside', '{parameter} {value} is above the maximum {max}, outside the envelope, so {outcome}.', (p, o) => `${p.parameter} ${p.value} is above the maximum ${p.max}, outside the envelope, so ${o}.`),
  ENVELOPE_FAR_ABOVE_MAX: r('envelope', 'deny', '{parameter} {value} is far above the maximum {max} (more than {farBound}), so it is denied.', (p) => `${p.parameter} ${p.value} is far above the maximum ${p.max} (more than ${p.farBound}), so it is denied.`),
  ENVELOPE_BELOW_MIN: r('envelope', 'outside', '{parameter} {value} is below the minimum {min}, outside the envelope, so {outcome}.', (p, o) => `${p.parameter} ${p.value} is below the minimum ${p.min}, outside the envelope, so ${o}.`),
  ENVELOPE_FAR_BELOW_MIN: r('envelope', 'deny', '{parameter} {value} is far below the minimum {min} (less than {farBound}), so it is denied.', (p) => `${p.parameter} ${p.value} is far below the minimum ${p.min} (less than ${p.farBound}), so it is denied.`),
  ENVELOPE_STEP_TOO_LARGE: r('envelope', 'outside', '{parameter} changes by {step} (from {current} to {value}), more than the largest step {maxStep}, outside the envelope, so {outcome}.', (p, o) => `${p.parameter} changes by ${p.step} (from ${p.current} to ${p.value}), more than the largest step ${p.maxStep}, outside the envelope, so ${o}.`),
  ENVELOPE_FAR_STEP: r('envelope', 'deny', '{parameter} changes by {step} (from {current} to {value}), far more than the largest step {maxStep} (more than {farBound}), so it is denied.', (p) => `${p.parameter} changes by ${p.step} (from ${p.current} to ${p.value}), far more than the largest step ${p.maxStep} (more than ${p.farBound}), so it is denied.`),
  ENVELOPE_PARAMETER_MISSING: r('envelope', 'outside', 'The request does not give {parameter}, which the envelope bounds (give every bounded parameter, an unchanged one at its current value), so it cannot be shown to be inside and {outcome}.', (p, o) => `The request does not give ${p.parameter}, which the envelope bounds (give every bounded parameter, an unchanged one at its current value), so it cannot be shown to be inside and ${o}.`),
  ENVELOPE_CURRENT_MISSING: r('envelope', 'outside', 'The request does not give {current}, so the step of {parameter} cannot be checked against the largest step {maxStep} and {outcome}.', (p, o) => `The request does not give ${p.current}, so the step of ${p.parameter} cannot be checked against the largest step ${p.maxStep} and ${o}.`),
  ENVELOPE_PARAMETER_INVALID: r('envelope', 'deny', '{parameter} is {detail}, so the envelope cannot be checked and the request is denied.', (p) => `${p.parameter} is ${p.detail}, so the envelope cannot be checked and the request is denied.`),
  ENVELOPE_VALUE_NOT_ALLOWED: r('envelope', 'outside', '{parameter} {value} is not one of the permitted {allowed}, outside the envelope, so {outcome}.', (p, o) => `${p.parameter} ${p.value} is not one of the permitted ${p.allowed}, outside the envelope, so ${o}.`),
  ENVELOPE_SPEND_OVER: r('envelope', 'outside', 'The spend {value} {currency} is above the most one action may spend, {max} {currency}, outside the envelope, so {outcome}.', (p, o) => `The spend ${p.value} ${p.currency} is above the most one action may spend, ${p.max} ${p.currency}, outside the envelope, so ${o}.`),
  ENVELOPE_SPEND_FAR_OVER: r('envelope', 'deny', 'The spend {value} {currency} is far above the most one action may spend, {max} {currency} (more than {farBound} {currency}), so it is denied.', (p) => `The spend ${p.value} ${p.currency} is far above the most one action may spend, ${p.max} ${p.currency} (more than ${p.farBound} ${p.currency}), so it is denied.`),
  ENVELOPE_CURRENCY_MISMATCH: r('envelope', 'outside', 'The spend is in {value}, but the envelope is in {currency}, so it cannot be shown to be inside and {outcome}.', (p, o) => `The spend is in ${p.value}, but the envelope is in ${p.currency}, so it cannot be shown to be inside and ${o}.`),

  COOLDOWN_NONE: r('cooldown', 'allow', 'The grant sets no cooldown.', () => 'The grant sets no cooldown.'),
  COOLDOWN_CLEAR: r('cooldown', 'allow', 'The cooldown of {cooldown} has passed since the last action.', (p) => `The cooldown of ${p.cooldown} has passed since the last action.`),
  COOLDOWN_ACTIVE: r('cooldown', 'outside', 'The last action was {elapsed}, within the cooldown of {cooldown}, so {outcome}.', (p, o) => `The last action was ${p.elapsed}, within the cooldown of ${p.cooldown}, so ${o}.`),
  COOLDOWN_UNKNOWN: r('cooldown', 'outside', 'The request does not say when the action last ran (lastActionAt), so the cooldown of {cooldown} cannot be checked and {outcome}.', (p, o) => `The request does not say when the action last ran (lastActionAt), so the cooldown of ${p.cooldown} cannot be checked and ${o}.`),

  WINDOW_UNRESTRICTED: r('change-window', 'allow', 'The grant has no change windows or freezes.', () => 'The grant has no change windows or freezes.'),
  WINDOW_OPEN: r('change-window', 'allow', 'The request time is inside the allowed change windows and outside every freeze ({timezone}).', (p) => `The request time is inside the allowed change windows and outside every freeze (${p.timezone}).`),
  WINDOW_SEVERITY_EXCEPTION: r('change-window', 'allow', '{local} ({timezone}) is {detail}, but a {severity} incident is at or above the exception {exception}, so windows and freezes are lifted.', (p) => `${p.local} (${p.timezone}) is ${p.detail}, but a ${p.severity} incident is at or above the exception ${p.exception}, so windows and freezes are lifted.`),
  WINDOW_CLOSED: r('change-window', 'approve', '{local} ({timezone}) is outside every allowed change window ({windows}), so a human must approve.', (p) => `${p.local} (${p.timezone}) is outside every allowed change window (${p.windows}), so a human must approve.`),
  FREEZE_ACTIVE: r('change-window', 'approve', '{local} ({timezone}) is inside the change freeze {from} to {to} ({reason}), so a human must approve.', (p) => `${p.local} (${p.timezone}) is inside the change freeze ${p.from} to ${p.to} (${p.reason}), so a human must approve.`),
  WINDOW_TIMEZONE_INVALID: r('change-window', 'deny', 'The change windows name the time zone {timezone}, which this enforcer does not know, so it is denied.', (p) => `The change windows name the time zone ${p.timezone}, which this enforcer does not know, so it is denied.`),

  HISTORY_NOT_TRACKED: r('history', 'allow', 'The grant has no flapping or repeated-override triggers.', () => 'The grant has no flapping or repeated-override triggers.'),
  HISTORY_CLEAR: r('history', 'allow', 'No flapping or repeated overrides within the trigger windows.', () => 'No flapping or repeated overrides within the trigger windows.'),
  FLAPPING: r('history', 'approve', 'The recommendation changed direction {count} times within {window} (trigger: {min}), so a human must approve.', (p) => `The recommendation changed direction ${p.count} times within ${p.window} (trigger: ${p.min}), so a human must approve.`),
  REPEATED_OVERRIDES: r('history', 'approve', 'Humans overrode this AI {count} times within {window} (trigger: {min}), so a human must approve.', (p) => `Humans overrode this AI ${p.count} times within ${p.window} (trigger: ${p.min}), so a human must approve.`),
  FLAPPING_UNKNOWN: r('history', 'approve', 'The request does not give history.directionChanges, so flapping ({min} direction changes within {window}) cannot be ruled out and a human must approve.', (p) => `The request does not give history.directionChanges, so flapping (${p.min} direction changes within ${p.window}) cannot be ruled out and a human must approve.`),
  REPEATED_OVERRIDES_UNKNOWN: r('history', 'approve', 'The request does not give history.overrides, so repeated overrides ({min} within {window}) cannot be ruled out and a human must approve.', (p) => `The request does not give history.overrides, so repeated overrides (${p.min} within ${p.window}) cannot be ruled out and a human must approve.`),
} as const satisfies Record<string, ReasonSpec>;

export type ReasonCode = keyof typeof REASONS;
export const REASON_CODES = Object.keys(REASONS) as ReasonCode[];
/**
 * Codes earlier versions emitted and this one never does. schemas/decision.schema.json keeps
 * listing them (after the current ones) so that records already written still validate.
 */
export const RETIRED_REASON_CODES = ['HISTORY_NOT_PROVIDED'] as const;
