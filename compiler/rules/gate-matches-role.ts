import { fileRule } from './define.js';

export default fileRule({
  id: 'gate-matches-role',
  severity: 'error',
  summary: 'The gate and the AI role agree: only an AI that may execute can act on its own, and a human-executes gate means the AI does not execute.',
  description: `\`autonomous\` and \`notify\` gates let the AI act, so its \`aiRole\` must be \`execute\`. A \`human-executes\` gate means a person carries the change out, so the AI's role must not be \`execute\` (use \`draft\` or \`recommend\`). A contradiction here would leave enforcers to guess which field was meant.`,
  examples: {
    good: [{}],
    bad: [{ frontmatter: `actions:
  - id: scale-out
    title: Add replicas
    category: scaling
    blastRadius: low
    actors: [autoscaler-agent]
    aiRole: recommend
    gate: autonomous` }],
  },
}, (ctx) => {
  ctx.runbook.actions.forEach((action, i) => {
    if ((action.gate === 'autonomous' || action.gate === 'notify') && action.aiRole !== 'execute') {
      ctx.report({
        path: ['actions', i, 'aiRole'],
        message: `Action \`${action.id}\` has gate \`${action.gate}\`, which lets the AI act, but its aiRole is \`${action.aiRole}\`; expected \`execute\`.`,
        hint: 'Either set `aiRole: execute`, or choose `gate: approve` / `human-executes` if the AI should only propose.',
        params: { action: action.id, gate: action.gate, aiRole: action.aiRole },
      });
    }
    if (action.gate === 'human-executes' && action.aiRole === 'execute') {
      ctx.report({
        path: ['actions', i, 'aiRole'],
        message: `Action \`${action.id}\` has gate \`human-executes\` but aiRole \`execute\`; expected \`draft\`, \`recommend\` or \`prohibited\`.`,
        hint: 'With `human-executes` a person performs the change; the AI at most drafts it.',
        params: { action: action.id, gate: action.gate, aiRole: action.aiRole },
      });
    }
  });
});
