import type { BlastRadius, Gate } from '../language/runbook.js';
import { GATES } from '../language/runbook.js';
import { fileRule, listOf } from './define.js';

/** The least strict gate each blast radius allows (DESIGN.md, rule 2). */
const MINIMUM: Record<BlastRadius, Gate> = {
  low: 'autonomous',
  medium: 'autonomous',
  high: 'approve',
  critical: 'change-board',
};

export default fileRule({
  id: 'blast-radius-gate',
  severity: 'error',
  summary: 'A high blast radius needs at least `approve`; a critical one needs `change-board`.',
  description: `The more an action can break, the stricter its gate: \`high\` blast radius needs \`approve\`, \`human-executes\` or \`change-board\`; \`critical\` needs \`change-board\`. Gates are ordered autonomous < notify < approve < human-executes < change-board. This is rule 2 of the rules no runbook can switch off.`,
  examples: {
    good: [{ frontmatter: `actions:
  - id: failover-region
    title: Fail over to the secondary region
    category: routing
    blastRadius: critical
    actors: [autoscaler-agent]
    aiRole: recommend
    gate: change-board
    approval: { approvers: [lee-okafor] }` }],
    bad: [{ frontmatter: `actions:
  - id: failover-region
    title: Fail over to the secondary region
    category: routing
    blastRadius: critical
    actors: [autoscaler-agent]
    aiRole: recommend
    gate: approve
    approval: { approvers: [lee-okafor] }` }],
  },
}, (ctx) => {
  ctx.runbook.actions.forEach((action, i) => {
    const minimum = MINIMUM[action.blastRadius];
    if (GATES.indexOf(action.gate) < GATES.indexOf(minimum)) {
      const allowed = GATES.slice(GATES.indexOf(minimum));
      ctx.report({
        path: ['actions', i, 'gate'],
        message: `Action \`${action.id}\` has blast radius \`${action.blastRadius}\` but gate \`${action.gate}\`; expected ${listOf(allowed)}.`,
        hint: `Raise the gate to \`${minimum}\`, or lower \`blastRadius\` if the action really cannot do that much harm.`,
        params: { action: action.id, blastRadius: action.blastRadius, gate: action.gate, minimum },
      });
    }
  });
});
