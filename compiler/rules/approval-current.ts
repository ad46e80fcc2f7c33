import { epochDaysToIsoDate, isoDateToEpochDays, parseDuration } from '../util/duration.js';
import { fileRule } from './define.js';

export const EXPIRY_WARNING_DAYS = 14;

export default fileRule({
  id: 'approval-current',
  severity: 'error',
  summary: 'The policy\'s approval has not expired (error) and is not about to (warning, within 14 days).',
  description: `A policy holds for its \`approval.reviewCycle\` after \`approval.approvedOn\`. Past that date it is expired: enforcers lapse every grant in it to "human approval required" until someone re-approves it, so \`check\` reports an error. Within ${EXPIRY_WARNING_DAYS} days of expiry it warns, so the owner can renew it before AI authority lapses in the middle of an incident. An approval dated in the future is an error too.`,
  examples: {
    good: [{}],
    bad: [{ frontmatter: `approval:
  approvedBy: { name: Lee Okafor, email: lee.okafor@example.com }
  approvedOn: 2026-01-05
  ticket: CHG-0042
  reviewCycle: 90d` }],
  },
}, (ctx) => {
  const { approvedOn, reviewCycle } = ctx.runbook.approval;
  const seconds = parseDuration(reviewCycle) ?? 0;
  const approved = isoDateToEpochDays(approvedOn);
  const expires = approved + Math.floor(seconds / 86400);
  const today = isoDateToEpochDays(ctx.today);
  const expiresOn = epochDaysToIsoDate(expires);
  const params = { approvedOn, reviewCycle, expiresOn, today: ctx.today };
  if (approved > today) {
    ctx.report({
      path: ['approval', 'approvedOn'],
      message: `The approval is dated ${approvedOn}, after today (${ctx.today}); expected a date that has passed.`,
      hint: 'Use the date the policy was actually approved.',
      params,
    });
  } else if (today >= expires) {
    ctx.report({
      path: ['approval', 'approvedOn'],
      message: `The approval from ${approvedOn} expired on ${expiresOn} (review cycle ${reviewCycle}); AI authority granted by this runbook has lapsed to human approval.`,
      hint: 'Have the policy re-reviewed, then update `approvedOn` and `ticket`.',
      params,
    });
  } else if (expires - today <= EXPIRY_WARNING_DAYS) {
    ctx.report({
      severity: 'warning',
      path: ['approval', 'approvedOn'],
      message: `The approval expires on ${expiresOn}, in ${expires - today} day${expires - today === 1 ? '' : 's'}; after that AI authority from this runbook lapses to human approval.`,
      hint: 'Schedule the review now and update `approvedOn` and `ticket` when it is done.',
      params: { ...params, daysLeft: expires - today },
    });
  }
});
