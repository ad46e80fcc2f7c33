import { fileRule } from './define.js';

export default fileRule({
  id: 'evidence-satisfiable',
  severity: 'error',
  summary: 'Evidence and approval requirements can be met: no more independent signals or approvers demanded than listed.',
  description: `A requirement nobody can meet turns every decision into an escalation. \`evidence.minIndependent\` cannot exceed the number of \`evidence.signals\`; \`approval.count\` cannot exceed the number of \`approval.approvers\` when every approver is a single person.`,
  examples: {
    good: [{}],
    bad: [{ frontmatter: `actions:
  - id: scale-out
    title: Add replicas
    category: scaling
    blastRadius: low
    actors: [autoscaler-agent]
    aiRole: execute
    gate: autonomous
    evidence: { signals: [p95-latency], minIndependent: 2, maxAge: 2m }
    rollback:
      triggers: [{ signal: p95-latency, when: rises-by, threshold: 20% }]
      action: Scale back to the previous replica count.
      owner: example-oncall` }],
  },
}, (ctx) => {
  const kinds = new Map(ctx.runbook.contacts.map((c) => [c.id, c.kind]));
  ctx.runbook.actions.forEach((action, i) => {
    const ev = action.evidence;
    if (ev?.minIndependent !== undefined && ev.minIndependent > ev.signals.length) {
      ctx.report({
        path: ['actions', i, 'evidence', 'minIndependent'],
        message: `Action \`${action.id}\` needs ${ev.minIndependent} independent signals but lists only ${ev.signals.length}; expected at most ${ev.signals.length}.`,
        hint: 'Add signals to `evidence.signals`, or lower `minIndependent`.',
        params: { action: action.id, minIndependent: ev.minIndependent, signals: ev.signals.length },
      });
    }
    const ap = action.approval;
    if (ap?.count !== undefined && ap.count > ap.approvers.length && ap.approvers.every((a) => kinds.get(a) === 'person')) {
      ctx.report({
        path: ['actions', i, 'approval', 'count'],
        message: `Action \`${action.id}\` needs ${ap.count} approvals but names only ${ap.approvers.length} approver${ap.approvers.length === 1 ? '' : 's'}; expected at most ${ap.approvers.length}.`,
        hint: 'Add approvers (a rotation or board counts as many people), or lower `count`.',
        params: { action: action.id, count: ap.count, approvers: ap.approvers.length },
      });
    }
  });
});
