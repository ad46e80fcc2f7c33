// The grant view: a bundle stores each fact once (contacts and escalation per runbook, the gate
// and safeguards per rule, the model pin per actor and runbook); a Grant joins them back for one
// (actor, action, service). The enforcer prepares grants from it on first use; diff and publish
// read whole bundles through grantViews(). Pure functions of the bundle: nothing is cached here.

import { splitGrantKey, splitRuleId, type Bundle, type BundleContact, type BundleRule, type BundleRunbook, type Grant } from './types.js';

type Model = Grant['model'];

/** The model an actor is pinned to in a runbook, or undefined. */
export function pinOf(bundle: Bundle, actor: string, runbook: string): Model | undefined {
  const a = Object.hasOwn(bundle.actors, actor) ? bundle.actors[actor] : undefined;
  return a?.pins.find((p) => p.runbook === runbook)?.model;
}

/** Contact id → the runbook's contact with its id (the structure check has made sure it is there). */
function contactIn(runbook: BundleRunbook): (id: string) => BundleContact {
  return (id) => ({ id, ...runbook.contacts[id]! });
}

/** Join one grant. The bundle must have passed the structural check (references resolve). */
export function resolveGrant(key: string, rule: string, r: BundleRule, runbook: BundleRunbook, model: Model): Grant {
  const [actor, action, service] = splitGrantKey(key);
  const [runbookId] = splitRuleId(rule);
  const contact = contactIn(runbook);
  const contacts = (ids: readonly string[]): BundleContact[] => ids.map(contact);
  const grant: Grant = {
    key,
    actor,
    action,
    service,
    runbook: runbookId,
    rule,
    title: r.title,
    category: r.category,
    blastRadius: r.blastRadius,
    aiRole: r.aiRole,
    gate: r.gate,
    model,
    expiresOn: r.expiresOn,
    veto: r.veto && { windowSeconds: r.veto.windowSeconds, notify: contacts(r.veto.notify) },
    approval: r.approval && { ...r.approval, approvers: contacts(r.approval.approvers) },
    envelope: r.envelope,
    evidence: r.evidence,
    contextChecks: r.contextChecks,
    changeWindows: r.changeWindows,
    canary: r.canary,
    rollback: r.rollback && { ...r.rollback, owner: contact(r.rollback.owner) },
    escalation: escalationView(runbook),
  };
  // Optional parts the rule does not have are absent, as they are in the bundle.
  for (const k of OPTIONAL) if (grant[k] === undefined) delete grant[k];
  return grant;
}

const OPTIONAL = ['veto', 'approval', 'evidence', 'changeWindows', 'canary', 'rollback'] as const;

/** A runbook's escalation with its contacts resolved. */
export function escalationView(runbook: BundleRunbook): Grant['escalation'] {
  const contact = contactIn(runbook);
  return {
    triggers: runbook.escalation.triggers.map(({ to, ...t }) => (to === undefined ? t : { ...t, to: contact(to) })),
    chain: runbook.escalation.chain.map((l) => ({ contact: contact(l.contact), ackWithinSeconds: l.ackWithinSeconds })),
  };
}

/** The grant filed under `key`, joined; undefined when the bundle does not grant it. */
export function grantView(bundle: Bundle, key: string): Grant | undefined {
  if (!Object.hasOwn(bundle.grants, key)) return undefined;
  const rule = bundle.grants[key]!;
  const [runbook] = splitRuleId(rule);
  const model = pinOf(bundle, splitGrantKey(key)[0], runbook)!;
  return resolveGrant(key, rule, bundle.rules[rule]!, bundle.runbooks[runbook]!, model);
}

/** Every grant joined, by key. */
export function grantViews(bundle: Bundle): Record<string, Grant> {
  const pins = new Map<string, Model>();
  for (const [id, a] of Object.entries(bundle.actors)) for (const p of a.pins) pins.set(`${id}|${p.runbook}`, p.model);
  const out: Record<string, Grant> = {};
  for (const key of Object.keys(bundle.grants).sort()) {
    const rule = bundle.grants[key]!;
    const [runbook] = splitRuleId(rule);
    out[key] = resolveGrant(key, rule, bundle.rules[rule]!, bundle.runbooks[runbook]!, pins.get(`${splitGrantKey(key)[0]}|${runbook}`)!);
  }
  return out;
}
