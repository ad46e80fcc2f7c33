// One action of one runbook → one rule: everything an enforcer needs to decide, with the
// defaults that bundle/types.ts documents filled in and contacts named by id (the runbook
// holds them once). The (actor, service) pairs it grants are listed; compile() indexes them.

import { ruleId, type BundleEscalation, type BundleRule } from '../bundle/types.js';
import type { Action, Escalation } from '../language/runbook.js';
import { compileEnvelope } from './envelope.js';
import { sortedStrings, sortedWeekdays } from './order.js';
import type { RunbookScope } from './resolve.js';

export function compileRule(scope: RunbookScope, a: Action, index: number, expiresOn: string): { id: string; rule: BundleRule } {
  const path = `actions[${index}]`;
  const actors: string[] = [];
  for (const actorId of sortedStrings(a.actors)) {
    if (scope.actors.has(actorId)) {
      actors.push(actorId);
      continue;
    }
    const known = [...scope.actors.keys()].join(', ') || 'none';
    scope.problem(`${path}.actors`, `actor '${actorId}' is not declared under actors (declared: ${known}); declare it with its owner and model pin`);
  }
  // Every record is built with its members in key order, so canonical JSON need not copy it (an
  // out-of-order object costs canonicalize() a sorted copy; the build's workers write 35,000
  // records). Parts that can record a problem are computed first, in the order the problems have
  // always been found.
  let veto: BundleRule['veto'];
  if (a.veto) {
    const windowSeconds = scope.seconds(a.veto.window, `${path}.veto.window`);
    veto = { notify: scope.contactSet(a.veto.notify, `${path}.veto.notify`), windowSeconds };
  }
  const approval = a.approval && {
    approvers: scope.contactSet(a.approval.approvers, `${path}.approval.approvers`),
    count: a.approval.count ?? 1,
    justification: a.approval.justification ?? true,
    onTimeout: a.approval.onTimeout ?? 'deny',
    timeoutSeconds: a.approval.timeout === undefined ? undefined : scope.seconds(a.approval.timeout, `${path}.approval.timeout`),
  };
  const envelope = compileEnvelope(scope, a.envelope, `${path}.envelope`);
  const evidence = a.evidence && {
    maxAgeSeconds: scope.seconds(a.evidence.maxAge, `${path}.evidence.maxAge`),
    minConfidence: a.evidence.minConfidence,
    // "Default all of them" (runbook schema): every cited signal must be present and fresh.
    minIndependent: a.evidence.minIndependent ?? new Set(a.evidence.signals).size,
    signals: sortedStrings(a.evidence.signals),
  };
  const canary = a.canary && {
    durationSeconds: scope.seconds(a.canary.duration, `${path}.canary.duration`),
    scope: a.canary.scope,
    success: a.canary.success.map((c, i) => scope.condition(c, `${path}.canary.success[${i}]`)),
  };
  let rollback: BundleRule['rollback'];
  if (a.rollback) {
    const triggers = a.rollback.triggers.map((c, i) => scope.condition(c, `${path}.rollback.triggers[${i}]`));
    rollback = {
      action: a.rollback.action,
      automatic: a.rollback.automatic ?? false,
      owner: scope.contactRef(a.rollback.owner, `${path}.rollback.owner`),
      triggers,
    };
  }
  const rule: BundleRule = {
    actors,
    aiRole: a.aiRole,
    approval,
    blastRadius: a.blastRadius,
    canary,
    category: a.category,
    changeWindows: a.changeWindows && {
      allowed: (a.changeWindows.allowed ?? []).map((w) => ({ days: sortedWeekdays(w.days), from: w.from, to: w.to })),
      freezes: (a.changeWindows.freezes ?? []).map((f) => ({ from: f.from, reason: f.reason, to: f.to })),
      severityException: a.changeWindows.severityException,
      timezone: a.changeWindows.timezone ?? 'UTC',
    },
    contextChecks: (a.contextChecks ?? []).map((c) => ({ id: c.id, question: c.question })),
    envelope,
    evidence,
    expiresOn,
    gate: a.gate,
    rollback,
    services: sortedStrings(a.services ?? scope.checked.runbook.services),
    title: a.title,
    veto,
  };
  return { id: ruleId(scope.id, a.id), rule };
}

/** The runbook's escalation rules, shared by all its grants. The chain keeps its order: it is the paging order. */
export function compileEscalation(scope: RunbookScope, e: Escalation): BundleEscalation {
  const triggers = e.triggers.map((t, i) => {
    const windowSeconds = t.window === undefined ? undefined : scope.seconds(t.window, `escalation.triggers[${i}].window`);
    return { count: t.count, on: t.on, to: t.to === undefined ? undefined : scope.contactRef(t.to, `escalation.triggers[${i}].to`), windowSeconds };
  });
  const chain = e.chain.map((level, i) => {
    const contact = scope.contactRef(level.contact, `escalation.chain[${i}].contact`);
    return { ackWithinSeconds: scope.seconds(level.ackWithin, `escalation.chain[${i}].ackWithin`), contact };
  });
  return { chain, triggers };
}
