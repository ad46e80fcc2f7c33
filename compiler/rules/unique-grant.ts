import { projectRule } from './define.js';
import { SCALE_IN_ACTIONS } from './examples/base.js';

export default projectRule({
  id: 'unique-grant',
  severity: 'error',
  summary: 'Each (AI actor, action, service) is granted by one runbook only.',
  description: `An enforcer asks "may this actor do this action on this service?" and must find exactly one answer. If two runbooks (or two actions in one) grant the same actor the same action id on the same service, which gate applies would depend on build order. Give the actions different ids, or narrow their \`services\`.`,
  examples: {
    good: [{ file: 'a.md' }, { file: 'b.md', frontmatter: `id: example-scale-in
${SCALE_IN_ACTIONS}` }],
    bad: [{ file: 'a.md' }, { file: 'b.md', frontmatter: `id: example-scale-out-again
actions:
  - id: scale-out
    title: Add replicas
    category: scaling
    blastRadius: low
    actors: [autoscaler-agent]
    aiRole: recommend
    gate: approve
    approval: { approvers: [lee-okafor] }` }],
  },
}, (ctx) => {
  const first = new Map<string, { file: string; runbook: string }>();
  for (const f of ctx.files) {
    for (const g of f.grants) {
      const key = `${g.actor}|${g.action}|${g.service}`;
      const prev = first.get(key);
      if (!prev) {
        first.set(key, { file: f.file, runbook: f.id });
        continue;
      }
      ctx.report(f.file, {
        path: g.path,
        message: `Actor \`${g.actor}\` is granted action \`${g.action}\` on \`${g.service}\` here and also in \`${prev.file}\`; expected one grant per actor, action and service.`,
        hint: 'Rename one of the actions, or restrict its `services` so the grants do not overlap.',
        params: { ...g, path: undefined, other: prev.file },
      });
    }
  }
});
