import type { Runbook } from '../language/runbook.js';
import type { Path } from '../parse/yaml.js';
import { suggest } from '../util/suggest.js';
import { fileRule } from './define.js';

type Kind = 'actor' | 'signal' | 'contact' | 'service';

const DECLARED_IN: Record<Kind, string> = {
  actor: '`actors`',
  signal: '`signals`',
  contact: '`contacts`',
  service: 'the runbook\'s `services`',
};

/** Every place the runbook names something declared elsewhere in it. */
export function references(rb: Runbook): Array<{ kind: Kind; id: string; path: Path }> {
  const out: Array<{ kind: Kind; id: string; path: Path }> = [];
  const add = (kind: Kind, id: string | undefined, path: Path) => {
    if (id !== undefined) out.push({ kind, id, path });
  };
  rb.actions.forEach((a, i) => {
    const at: Path = ['actions', i];
    a.actors.forEach((id, j) => add('actor', id, [...at, 'actors', j]));
    a.services?.forEach((id, j) => add('service', id, [...at, 'services', j]));
    a.veto?.notify.forEach((id, j) => add('contact', id, [...at, 'veto', 'notify', j]));
    a.approval?.approvers.forEach((id, j) => add('contact', id, [...at, 'approval', 'approvers', j]));
    a.evidence?.signals.forEach((id, j) => add('signal', id, [...at, 'evidence', 'signals', j]));
    a.canary?.success.forEach((c, j) => add('signal', c.signal, [...at, 'canary', 'success', j, 'signal']));
    a.rollback?.triggers.forEach((c, j) => add('signal', c.signal, [...at, 'rollback', 'triggers', j, 'signal']));
    add('contact', a.rollback?.owner, [...at, 'rollback', 'owner']);
  });
  rb.escalation.triggers.forEach((t, j) => add('contact', t.to, ['escalation', 'triggers', j, 'to']));
  rb.escalation.chain.forEach((c, j) => add('contact', c.contact, ['escalation', 'chain', j, 'contact']));
  add('contact', rb.communication?.updates, ['communication', 'updates']);
  add('contact', rb.communication?.approvesStatusMessages, ['communication', 'approvesStatusMessages']);
  return out;
}

export default fileRule({
  id: 'known-reference',
  severity: 'error',
  summary: 'Every actor, signal, contact and service a runbook refers to is declared in it.',
  description: `Actions name their AI actors, evidence and rollback triggers name signals, gates and the escalation chain name contacts, and an action's \`services\` must be among the runbook's. A reference to something undeclared would compile into a gate nobody can satisfy or a page that reaches no one.`,
  examples: {
    good: [{}],
    bad: [{ frontmatter: `escalation:
  triggers: [{ on: stale-telemetry }]
  chain: [{ contact: example-on-call, ackWithin: 15m }]` }],
  },
}, (ctx) => {
  const rb = ctx.runbook;
  const declared: Record<Kind, string[]> = {
    actor: (rb.actors ?? []).map((a) => a.id),
    signal: (rb.signals ?? []).map((s) => s.id),
    contact: rb.contacts.map((c) => c.id),
    service: rb.services,
  };
  for (const ref of references(rb)) {
    const known = declared[ref.kind];
    if (known.includes(ref.id)) continue;
    const guess = suggest(ref.id, known);
    ctx.report({
      path: ref.path,
      message: `Unknown ${ref.kind} \`${ref.id}\`; expected one declared in ${DECLARED_IN[ref.kind]}${known.length ? ` (${known.map((k) => `\`${k}\``).join(', ')})` : ', which is empty'}.${guess ? ` Did you mean \`${guess}\`?` : ''}`,
      hint: guess ? `Change it to \`${guess}\`.` : `Declare \`${ref.id}\` in ${DECLARED_IN[ref.kind]}, or fix the name.`,
      params: { kind: ref.kind, id: ref.id, suggestion: guess },
    });
  }
});
