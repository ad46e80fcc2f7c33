import type { Path } from '../parse/yaml.js';
import { fileRule } from './define.js';

export default fileRule({
  id: 'unique-ids',
  severity: 'error',
  summary: 'Within a runbook, contacts, actors, signals and actions each have unique ids.',
  description: `Ids are how gates, enforcer requests and anchors on the site refer to things. Two contacts, actors, signals or actions with the same id in one runbook make every reference to them ambiguous; so do two context checks or rollback conditions with the same id within one action.`,
  examples: {
    good: [{}],
    bad: [{ frontmatter: `signals:
  - { id: p95-latency, name: p95 latency, kind: latency, source: "prometheus: example_p95_ms", unit: ms }
  - { id: p95-latency, name: p99 latency, kind: latency, source: "prometheus: example_p99_ms", unit: ms }` }],
  },
}, (ctx) => {
  const rb = ctx.runbook;
  const check = (what: string, items: ReadonlyArray<{ id?: string }> | undefined, base: Path) => {
    const first = new Map<string, number>();
    items?.forEach((item, i) => {
      if (item.id === undefined) return;
      const prev = first.get(item.id);
      if (prev === undefined) {
        first.set(item.id, i);
        return;
      }
      ctx.report({
        path: [...base, i, 'id'],
        message: `The ${what} id \`${item.id}\` is used again here (first at ${displayIndex(base, prev)}); expected each ${what} id once.`,
        hint: `Rename one of them, or merge the two ${what}s if they are the same.`,
        params: { kind: what, id: item.id, first: prev, again: i },
      });
    });
  };
  check('contact', rb.contacts, ['contacts']);
  check('actor', rb.actors, ['actors']);
  check('signal', rb.signals, ['signals']);
  check('action', rb.actions, ['actions']);
  rb.actions.forEach((a, i) => {
    check('context check', a.contextChecks, ['actions', i, 'contextChecks']);
    check('rollback trigger', a.rollback?.triggers, ['actions', i, 'rollback', 'triggers']);
  });
});

function displayIndex(base: Path, index: number): string {
  return `${base.map((p) => (typeof p === 'number' ? `[${p}]` : p)).join('.').replace(/\.\[/g, '[')}[${index}]`;
}
