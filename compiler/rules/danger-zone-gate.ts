import { DANGER_ZONE_CATEGORIES } from '../language/runbook.js';
import { fileRule } from './define.js';

const DANGER = new Set<string>(DANGER_ZONE_CATEGORIES);

export default fileRule({
  id: 'danger-zone-gate',
  severity: 'error',
  summary: 'Identity, secrets, network policy, databases and data retention are never autonomous or notify.',
  description: `Actions in the danger zones — \`iam\`, \`secrets\`, \`network\` (network policy), \`database\` (schema or parameters) and \`data-retention\` — can lock everyone out, leak credentials or destroy customer data faster than a human can veto. No runbook can let an AI act on them on its own: their gate must be \`approve\`, \`human-executes\` or \`change-board\`. This is rule 1 of the rules no runbook can switch off.`,
  examples: {
    good: [{ frontmatter: `actions:
  - id: rotate-db-password
    title: Rotate the database password
    category: secrets
    blastRadius: medium
    actors: [autoscaler-agent]
    aiRole: draft
    gate: human-executes` }],
    bad: [{ frontmatter: `actions:
  - id: rotate-db-password
    title: Rotate the database password
    category: secrets
    blastRadius: medium
    actors: [autoscaler-agent]
    aiRole: execute
    gate: notify
    veto: { window: 10m, notify: [example-oncall] }
    rollback:
      triggers: [{ signal: p95-latency, when: above, threshold: 500 }]
      action: Restore the previous secret version.
      owner: example-oncall` }],
  },
}, (ctx) => {
  ctx.runbook.actions.forEach((action, i) => {
    if (DANGER.has(action.category) && (action.gate === 'autonomous' || action.gate === 'notify')) {
      ctx.report({
        path: ['actions', i, 'gate'],
        message: `Action \`${action.id}\` is in the danger zone \`${action.category}\` but its gate is \`${action.gate}\`; expected \`approve\`, \`human-executes\` or \`change-board\`.`,
        hint: 'Danger-zone actions always need a named human: set `gate: approve` (with `approval`) or `gate: human-executes`.',
        params: { action: action.id, category: action.category, gate: action.gate },
      });
    }
  });
});
