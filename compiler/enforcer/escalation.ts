// Which findings escalate, and to whom. Escalations DESIGN.md requires ("escalate") fire whether
// or not the runbook declares a trigger for them — to the trigger's `to` if one is declared, else
// to the escalation chain from the top. The others fire only when the grant declares the trigger.

import type { Grant } from '../bundle/types.js';
import { deepFreeze } from './decisions.js';
import type { ReasonCode } from './reasons.js';
import type { EscalationFired, EscalationOn, EscalationTarget } from './types.js';

interface Rule {
  on: EscalationOn;
  /** Fires even when the grant declares no trigger for it. */
  mandatory: boolean;
}

/** Reason code → the escalation it fires. Any `deny` from the envelope or cooldown gate fires envelope-breach. */
export const ESCALATES: Partial<Record<ReasonCode, Rule>> = {
  EVIDENCE_STALE: { on: 'stale-telemetry', mandatory: true },
  EVIDENCE_INSUFFICIENT: { on: 'stale-telemetry', mandatory: true },
  CONFIDENCE_LOW: { on: 'low-confidence', mandatory: true },
  MODEL_VERSION_MISMATCH: { on: 'model-version-mismatch', mandatory: true },
  MODEL_NAME_MISMATCH: { on: 'model-version-mismatch', mandatory: true },
  TELEMETRY_INCONSISTENT: { on: 'inconsistent-telemetry', mandatory: true },
  MODELS_DISAGREE: { on: 'model-disagreement', mandatory: true },
  OUT_OF_DISTRIBUTION: { on: 'out-of-distribution', mandatory: true },
  POLICY_EXPIRED: { on: 'policy-expired', mandatory: false },
  AI_ROLE_PROHIBITED: { on: 'policy-boundary', mandatory: false },
  WINDOW_CLOSED: { on: 'policy-boundary', mandatory: false },
  FREEZE_ACTIVE: { on: 'policy-boundary', mandatory: false },
  FLAPPING: { on: 'flapping', mandatory: true },
  REPEATED_OVERRIDES: { on: 'repeated-overrides', mandatory: true },
  FLAPPING_UNKNOWN: { on: 'flapping', mandatory: true },
  REPEATED_OVERRIDES_UNKNOWN: { on: 'repeated-overrides', mandatory: true },
};
export const ENVELOPE_BREACH: Rule = { on: 'envelope-breach', mandatory: true };

export interface Route {
  declared: boolean;
  route: 'trigger' | 'chain';
  to: readonly EscalationTarget[];
  /** The contact ids of `to`, for the record. */
  ids: readonly string[];
}

/** Where escalations of one kind go for this grant: every trigger's `to`, else the chain from the top. */
export function routeFor(grant: Grant, on: EscalationOn): Route {
  const triggers = grant.escalation.triggers.filter((t) => t.on === on);
  const direct: EscalationTarget[] = [];
  for (const t of triggers) {
    if (t.to && !direct.some((d) => d.contact.id === t.to!.id)) direct.push({ contact: t.to, ackWithinSeconds: null });
  }
  const to = direct.length > 0
    ? direct
    : grant.escalation.chain.map((l) => ({ contact: l.contact, ackWithinSeconds: l.ackWithinSeconds }));
  return deepFreeze({ declared: triggers.length > 0, route: direct.length > 0 ? 'trigger' : 'chain', to, ids: to.map((t) => t.contact.id) });
}

/** The record's view of the escalations that fired: what fired and the contact ids paged. */
export type Fired = { fired: EscalationFired; ids: readonly string[] };

/** Add the escalation a finding fires, once per `on`. */
export function fire(list: Fired[], route: (on: EscalationOn) => Route, rule: Rule, because: ReasonCode): void {
  for (const e of list) if (e.fired.on === rule.on) return;
  const r = route(rule.on);
  if (!r.declared && !rule.mandatory) return;
  list.push({ fired: { on: rule.on, because, declared: r.declared, route: r.route, to: r.to }, ids: r.ids });
}
