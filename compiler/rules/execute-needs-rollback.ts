import { fileRule } from './define.js';

export default fileRule({
  id: 'execute-needs-rollback',
  severity: 'error',
  summary: 'Anything the AI may execute has at least one rollback trigger.',
  description: `When an AI may carry out an action (\`aiRole: execute\`), the runbook must say when to undo it: a \`rollback\` with at least one trigger on a declared signal, the rollback action, and its owner. This is rule 4 of the rules no runbook can switch off.`,
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
    envelope: { replicas: { min: 3, max: 12 }, maxStep: 3 }` }],
  },
}, (ctx) => {
  ctx.runbook.actions.forEach((action, i) => {
    if (action.aiRole === 'execute' && !(action.rollback && action.rollback.triggers.length > 0)) {
      ctx.report({
        path: ['actions', i, 'aiRole'],
        message: `Action \`${action.id}\` lets the AI execute but declares no rollback trigger; expected \`rollback.triggers\` with at least one condition.`,
        hint: 'Add `rollback: { triggers: [{ signal: …, when: rises-by, threshold: 20% }], action: …, owner: … }`.',
        params: { action: action.id },
      });
    }
  });
});
