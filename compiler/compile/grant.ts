// One action of one runbook → one Grant per (actor, service). Everything an enforcer needs to
// decide is resolved into the grant, with the defaults that bundle/types.ts documents filled in.

import { grantKey, type Grant } from '../bundle/types.js';
import type { Action, Escalation } from '../language/runbook.js';
import { compileEnvelope } from './envelope.js';
import { sortedStrings, sortedWeekdays } from './order.js';
import type { RunbookScope } from './resolve.js';

/** The parts of a grant that are the same for every (actor, service) of an action. */
type GrantBody = Omit<Grant, 'key' | 'actor' | 'service' | 'model'>;

export function compileGrants(scope: RunbookScope, action: Action, index: number, expiresOn: string, escalation: Grant['escalation']): Grant[] {
  const path = `actions[${index}]`;
  const body = grantBody(scope, action, path, expiresOn, escalation);
  const services = sortedStrings(action.services ?? scope.checked.runbook.services);
  const grants: Grant[] = [];
  for (const actorId of sortedStrings(action.actors)) {
    const actor = scope.actors.get(actorId);
    if (!actor) {
      const known = [...scope.actors.keys()].join(', ') || 'none';
      scope.problem(`${path}.actors`, `actor '${actorId}' is not declared under actors (declared: ${known}); declare it with its owner and model pin`);
      continue;
    }
    for (const service of services) {
      grants.push({
        key: grantKey(actorId, action.id, service),
        actor: actorId,
        service,
        model: { name: actor.model.name, version: actor.model.version },
        ...body,
      });
    }
  }
  return grants;
}

function grantBody(scope: RunbookScope, a: Action, path: string, expiresOn: string, escalation: Grant['escalation']): GrantBody {
  return {
    action: a.id,
    runbook: scope.id,
    rule: `${scope.id}#${a.id}`,
    title: a.title,
    category: a.category,
    blastRadius: a.blastRadius,
    aiRole: a.aiRole,
    gate: a.gate,
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
      owner: scope.contact(a.rollback.owner, `${path}.rollback.owner`),
      automatic: a.rollback.automatic ?? false,
    },
    escalation,
  };
}

/** The runbook's escalation rules, shared by all its grants. The chain keeps its order: it is the paging order. */
export function compileEscalation(scope: RunbookScope, e: Escalation): Grant['escalation'] {
  return {
    triggers: e.triggers.map((t, i) => ({
      on: t.on,
      count: t.count,
      windowSeconds: t.window === undefined ? undefined : scope.seconds(t.window, `escalation.triggers[${i}].window`),
      to: t.to === undefined ? undefined : scope.contact(t.to, `escalation.triggers[${i}].to`),
    })),
    chain: e.chain.map((level, i) => ({
      contact: scope.contact(level.contact, `escalation.chain[${i}].contact`),
      ackWithinSeconds: scope.seconds(level.ackWithin, `escalation.chain[${i}].ackWithin`),
    })),
  };
}
