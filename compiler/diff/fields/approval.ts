// What humans do around a decision: approval requirements, the veto window, context checks.

import type { BundleContact, Grant } from '../../bundle/types.js';
import { contactText, duration, list, quote } from '../wording.js';
import { inAction, inActionList } from '../yaml-path.js';
import { on, same, says, who, type FieldChange } from './change.js';

export function approvalChanges(b: Grant, a: Grant, out: FieldChange[]): void {
  const pb = b.approval;
  const pa = a.approval;
  if (same(pb, pa)) return;
  if (!pb || !pa) {
    out.push({
      kind: 'approval', field: 'approval', before: pb ?? null, after: pa ?? null, basis: 'order', direction: pb ? 'looser' : 'stricter',
      yaml: inAction('approval'),
      say: says('approval requirements', pb ? `${pb.count} of ${list(pb.approvers.map(contactText))}` : 'the escalation chain approves',
        pa ? `${pa.count} of ${list(pa.approvers.map(contactText))}` : 'the escalation chain approves, one approval enough',
        (s) => `Approval of ${s.action} by ${who(s)} on ${on(s)} no longer names approvers: anyone on the escalation chain may approve alone (was ${pb!.count} of ${list(pb!.approvers.map(contactText))}).`),
    });
    return;
  }
  if (pb.count !== pa.count) {
    out.push({
      kind: 'approval-count', field: 'approval.count', before: pb.count, after: pa.count, basis: 'order', direction: pa.count < pb.count ? 'looser' : 'stricter',
      yaml: inAction('approval', 'count'),
      say: says('approvals required', String(pb.count), String(pa.count),
        (s) => `${s.action} by ${who(s)} on ${on(s)} now needs ${pa.count} approval${pa.count === 1 ? '' : 's'} (was ${pb.count}).`,
        (s) => `${s.action} by ${who(s)} on ${on(s)} now needs ${pa.count} approvals (was ${pb.count}).`),
    });
  }
  const ids = (cs: BundleContact[]) => cs.map((c) => c.id);
  const added = pa.approvers.filter((c) => !ids(pb.approvers).includes(c.id));
  const removed = pb.approvers.filter((c) => !ids(pa.approvers).includes(c.id));
  if (added.length) {
    out.push({
      kind: 'approvers-added', field: 'approval.approvers', before: ids(pb.approvers), after: ids(pa.approvers), basis: 'order', direction: 'looser',
      yaml: inActionList(['approval', 'approvers'], (x) => x === added[0]!.id),
      say: says('approvers', list(pb.approvers.map(contactText)), list(pa.approvers.map(contactText)),
        (s) => `${list(added.map(contactText))} may now approve ${s.action} by ${who(s)} on ${on(s)}.`),
    });
  }
  if (removed.length) {
    out.push({
      kind: 'approvers-removed', field: 'approval.approvers', before: ids(pb.approvers), after: ids(pa.approvers), basis: 'order', direction: 'stricter',
      yaml: inAction('approval', 'approvers'),
      say: says('approvers', list(pb.approvers.map(contactText)), list(pa.approvers.map(contactText)), undefined,
        (s) => `${list(removed.map(contactText))} may no longer approve ${s.action} by ${who(s)} on ${on(s)}.`),
    });
  }
  if (pb.justification !== pa.justification) {
    out.push({
      kind: 'approval-justification', field: 'approval.justification', before: pb.justification, after: pa.justification, basis: 'order',
      direction: pa.justification ? 'stricter' : 'looser',
      yaml: inAction('approval', 'justification'),
      say: says('justification required', String(pb.justification), String(pa.justification),
        (s) => `Approvers of ${s.action} by ${who(s)} on ${on(s)} no longer have to give a justification.`,
        (s) => `Approvers of ${s.action} by ${who(s)} on ${on(s)} must now give a justification.`),
    });
  }
  if (pb.onTimeout !== pa.onTimeout) {
    out.push({
      kind: 'approval-on-timeout', field: 'approval.onTimeout', before: pb.onTimeout, after: pa.onTimeout, basis: 'order',
      direction: pa.onTimeout === 'escalate' ? 'looser' : 'stricter',
      yaml: inAction('approval', 'onTimeout'),
      say: says('on approval timeout', pb.onTimeout, pa.onTimeout,
        (s) => `An unanswered approval request for ${s.action} by ${who(s)} on ${on(s)} is now escalated instead of denied.`,
        (s) => `An unanswered approval request for ${s.action} by ${who(s)} on ${on(s)} is now denied instead of escalated.`),
    });
  }
  if (pb.timeoutSeconds !== pa.timeoutSeconds) {
    out.push({
      kind: 'approval-timeout', field: 'approval.timeoutSeconds', before: pb.timeoutSeconds ?? null, after: pa.timeoutSeconds ?? null, basis: 'neutral',
      yaml: inAction('approval', 'timeout'),
      say: says('approval timeout', duration(pb.timeoutSeconds), duration(pa.timeoutSeconds)),
    });
  }
}

export function vetoChanges(b: Grant, a: Grant, out: FieldChange[]): void {
  const vb = b.veto;
  const va = a.veto;
  if (same(vb, va)) return;
  if (!vb || !va || vb.windowSeconds !== va.windowSeconds) {
    out.push({
      kind: 'veto-window', field: 'veto.windowSeconds', before: vb?.windowSeconds ?? null, after: va?.windowSeconds ?? null, basis: 'order',
      direction: !va ? 'looser' : !vb ? 'stricter' : va.windowSeconds < vb.windowSeconds ? 'looser' : 'stricter',
      yaml: inAction('veto', ...(vb && va ? ['window'] : [])),
      say: says('veto window', vb ? duration(vb.windowSeconds) : 'none', va ? duration(va.windowSeconds) : 'none',
        (s) => `Humans now have ${va ? `only ${duration(va.windowSeconds)}` : 'no set time'} to veto ${s.action} by ${who(s)} on ${on(s)} (was ${vb ? duration(vb.windowSeconds) : 'none'}).`,
        (s) => `Humans now have ${duration(va!.windowSeconds)} to veto ${s.action} by ${who(s)} on ${on(s)} (was ${vb ? duration(vb.windowSeconds) : 'no set time'}).`),
    });
  }
  if (vb && va && !same(vb.notify.map((c) => c.id), va.notify.map((c) => c.id))) {
    out.push({
      kind: 'veto-notify', field: 'veto.notify', before: vb.notify.map((c) => c.id), after: va.notify.map((c) => c.id), basis: 'neutral',
      yaml: inAction('veto', 'notify'),
      say: says('who is notified and may veto', list(vb.notify.map(contactText)), list(va.notify.map(contactText))),
    });
  }
}

export function contextCheckChanges(b: Grant, a: Grant, out: FieldChange[]): void {
  for (const c of b.contextChecks) {
    const now = a.contextChecks.find((x) => x.id === c.id);
    if (!now) {
      out.push({
        kind: 'context-check-removed', field: 'contextChecks', before: c, after: null, basis: 'order', direction: 'looser',
        yaml: inAction('contextChecks'),
        say: says(`context check ${c.id}`, quote(c.question), 'none',
          (s) => `Approvers of ${s.action} by ${who(s)} on ${on(s)} are no longer asked ${quote(c.question)}.`),
      });
    } else if (now.question !== c.question) {
      out.push({
        kind: 'context-check-wording', field: 'contextChecks', before: c, after: now, basis: 'neutral',
        yaml: inActionList(['contextChecks'], (x) => (x as { id?: unknown }).id === c.id, 'question'),
        say: says(`context check ${c.id}`, quote(c.question), quote(now.question)),
      });
    }
  }
  for (const c of a.contextChecks) {
    if (b.contextChecks.some((x) => x.id === c.id)) continue;
    out.push({
      kind: 'context-check-added', field: 'contextChecks', before: null, after: c, basis: 'order', direction: 'stricter',
      yaml: inActionList(['contextChecks'], (x) => (x as { id?: unknown }).id === c.id),
      say: says(`context check ${c.id}`, 'none', quote(c.question), undefined,
        (s) => `Approvers of ${s.action} by ${who(s)} on ${on(s)} must now also confirm ${quote(c.question)}.`),
    });
  }
}
