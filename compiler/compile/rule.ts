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
  const rule: BundleRule = {
    title: a.title,
    category: a.category,
    blastRadius: a.blastRadius,
    aiRole: a.aiRole,
    gate: a.gate,
    actors,
    services: sortedStrings(a.services ?? scope.checked.runbook.services),
    expiresOn,
    veto: a.veto && {
      windowSeconds: scope.seconds(a.veto.window, `${path}.veto.window`),
      notify: scope.contactSet(a.veto.notify, `${path}.veto.notify`),
    },
    approval: a.approval && {
      approvers: scope.contactSet(a.approval.approvers, `${path}.approval.approvers`),
      count: a.approval.count ?? 1,
      justification: a.approval.justification ?? true,
      timeoutSeconds: a.approval.timeout === undefined ? undefined : scope.seconds(a.approval.timeout, `${path}.approval.timeout`),
      onTimeout: a.approval.onTimeout ?? 'deny',
    },
    envelope: compileEnvelope(scope, a.envelope, `${path}.envelope`),
    evidence: a.evidence && {
      signals: sortedStrings(a.evidence.signals),
      // "Default all of them" (runbook schema): every cited signal must be present and fresh.
      minIndependent: a.evidence.minIndependent ?? new Set(a.evidence.signals).size,
      maxAgeSeconds: scope.seconds(a.evidence.maxAge, `${path}.evidence.maxAge`),
      minConfidence: a.evidence.minConfidence,
    },
    contextChecks: (a.contextChecks ?? []).map((c) => ({ id: c.id, question: c.question })),
    changeWindows: a.changeWindows && {
      timezone: a.changeWindows.timezone ?? 'UTC',
      allowed: (a.changeWindows.allowed ?? []).map((w) => ({ days: sortedWeekdays(w.days), from: w.from, to: w.to })),
      freezes: (a.changeWindows.freezes ?? []).map((f) => ({ from: f.from, to: f.to, reason: f.reason })),
      severityException: a.changeWindows.severityException,
    },
    canary: a.canary && {
      durationSeconds: scope.seconds(a.canary.duration, `${path}.canary.duration`),
      scope: a.canary.scope,
      success: a.canary.success.map((c, i) => scope.condition(c, `${path}.canary.success[${i}]`)),
    },
    rollback: a.rollback && {
      triggers: a.rollback.triggers.map((c, i) => scope.condition(c, `${path}.rollback.triggers[${i}]`)),
      action: a.rollback.action,
      owner: scope.contactRef(a.rollback.owner, `${path}.rollback.owner`),
      automatic: a.rollback.automatic ?? false,
    },
  };
  return { id: ruleId(scope.id, a.id), rule };
}

/** The runbook's escalation rules, shared by all its grants. The chain keeps its order: it is the paging order. */
export function compileEscalation(scope: RunbookScope, e: Escalation): BundleEscalation {
  return {
    triggers: e.triggers.map((t, i) => ({
      on: t.on,
      count: t.count,
      windowSeconds: t.window === undefined ? undefined : scope.seconds(t.window, `escalation.triggers[${i}].window`),
      to: t.to === undefined ? undefined : scope.contactRef(t.to, `escalation.triggers[${i}].to`),
    })),
    chain: e.chain.map((level, i) => ({
      contact: scope.contactRef(level.contact, `escalation.chain[${i}].contact`),
      ackWithinSeconds: scope.seconds(level.ackWithin, `escalation.chain[${i}].ackWithin`),
    })),
  };
}
