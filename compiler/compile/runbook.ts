// Per-runbook metadata in the bundle: who owns and approved it, until when, and where it came from.

import type { BundleRunbook } from '../bundle/types.js';
import { epochDaysToIsoDate, isoDateToEpochDays } from '../util/duration.js';
import { sortedStrings } from './order.js';
import { person, type RunbookScope } from './resolve.js';

const DAY = 86400;

/**
 * The review cycle in whole days, rounded down: a cycle of "36h" expires after one day, never
 * later than written. Expiry is approvedOn + that many days; from that day the policy is expired.
 */
export function expiry(scope: RunbookScope): { reviewCycleDays: number; expiresOn: string } {
  const { approvedOn, reviewCycle } = scope.checked.runbook.approval;
  const reviewCycleDays = Math.floor(scope.seconds(reviewCycle, 'approval.reviewCycle') / DAY);
  const start = isoDateToEpochDays(String(approvedOn));
  if (!/^\d{4}-\d{2}-\d{2}$/.test(String(approvedOn)) || !Number.isFinite(start)) {
    scope.problem('approval.approvedOn', `'${String(approvedOn)}' is not a date; write it as YYYY-MM-DD`);
    // Fail closed: an unreadable approval date makes the policy expired since the epoch.
    return { reviewCycleDays, expiresOn: epochDaysToIsoDate(0) };
  }
  return { reviewCycleDays, expiresOn: epochDaysToIsoDate(start + reviewCycleDays) };
}

export function compileRunbookMeta(scope: RunbookScope, expires: { reviewCycleDays: number; expiresOn: string }, sourcePath: string): Omit<BundleRunbook, 'contacts' | 'escalation'> {
  const r = scope.checked.runbook;
  return {
    // Document order: the site lists and anchors actions as the runbook does.
    actions: r.actions.map((a) => a.id),
    approval: {
      approvedBy: person(r.approval.approvedBy),
      approvedOn: String(r.approval.approvedOn),
      expiresOn: expires.expiresOn,
      reviewCycleDays: expires.reviewCycleDays,
      ticket: r.approval.ticket,
    },
    audit: r.audit && {
      // Whole days, rounded up: records are never kept shorter than written.
      recordFields: sortedStrings(r.audit.recordFields),
      retentionDays: Math.ceil(scope.seconds(r.audit.retention, 'audit.retention') / DAY),
    },
    owner: person(r.owner),
    services: sortedStrings(r.services),
    source: { path: sourcePath, sha256: scope.checked.sha256 },
    title: r.title,
  };
}
