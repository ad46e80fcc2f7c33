// Escalation: the runbook's triggers and chain, copied into each of its grants.

import type { Grant } from '../../bundle/types.js';
import { contactText, duration } from '../wording.js';
import { inEscalationList, inEscalationTrigger } from '../yaml-path.js';
import { cap, on, order, same, says, who, type FieldChange } from './change.js';

export function escalationChanges(b: Grant, a: Grant, out: FieldChange[]): void {
  const eb = b.escalation;
  const ea = a.escalation;
  if (same(eb, ea)) return;
  type Trigger = Grant['escalation']['triggers'][number];
  // Triggers are matched by `on` and their position among triggers with the same `on`.
  const keyed = (ts: Trigger[]) => {
    const seen = new Map<string, number>();
    return ts.map((t) => {
      const n = seen.get(t.on) ?? 0;
      seen.set(t.on, n + 1);
      return { key: `${t.on}#${n}`, n, t };
    });
  };
  const kb = keyed(eb.triggers);
  const ka = keyed(ea.triggers);
  const triggerText = (t: Trigger) => `${t.on}${t.count !== undefined ? ` (${t.count} in ${duration(t.windowSeconds)})` : ''}${t.to ? ` → ${contactText(t.to)}` : ''}`;
  const match = (on: string, n: number) => inEscalationTrigger(on, n);
  for (const { key, t } of kb) {
    const now = ka.find((x) => x.key === key);
    if (!now) {
      out.push({
        kind: 'escalation-trigger-removed', field: 'escalation.triggers', before: t, after: null, basis: 'order', direction: 'looser',
        yaml: () => ['escalation', 'triggers'],
        say: says(`escalation on ${t.on}`, triggerText(t), 'none',
          (s) => `${cap(t.on)} no longer escalates${t.to ? ` to ${contactText(t.to)}` : ''}, for ${s.action} by ${who(s)} on ${on(s)}.`),
      });
      continue;
    }
    const u = now.t;
    if ((u.count ?? 0) !== (t.count ?? 0) || (u.windowSeconds ?? 0) !== (t.windowSeconds ?? 0)) {
      const looser = (u.count ?? 0) > (t.count ?? 0) || (u.windowSeconds ?? Infinity) < (t.windowSeconds ?? Infinity);
      const stricter = (u.count ?? 0) < (t.count ?? 0) || (u.windowSeconds ?? Infinity) > (t.windowSeconds ?? Infinity);
      out.push({
        kind: 'escalation-trigger-changed', field: 'escalation.triggers', before: t, after: u, basis: 'order', direction: order(looser, stricter),
        yaml: match(u.on, now.n),
        say: says(`escalation on ${t.on}`, triggerText(t), triggerText(u),
          (s) => `${cap(u.on)} now escalates only after ${u.count} in ${duration(u.windowSeconds)} (was ${t.count} in ${duration(t.windowSeconds)}), for ${s.action} by ${who(s)} on ${on(s)}.`,
          (s) => `${cap(u.on)} now escalates already after ${u.count} in ${duration(u.windowSeconds)} (was ${t.count} in ${duration(t.windowSeconds)}), for ${s.action} by ${who(s)} on ${on(s)}.`),
      });
    }
    if (t.to?.id !== u.to?.id) {
      out.push({
        kind: 'escalation-trigger-target', field: 'escalation.triggers', before: t.to?.id ?? null, after: u.to?.id ?? null, basis: 'neutral',
        yaml: match(u.on, now.n),
        say: says(`escalation target for ${t.on}`, t.to ? contactText(t.to) : 'the escalation chain', u.to ? contactText(u.to) : 'the escalation chain'),
      });
    }
  }
  for (const { key, n, t } of ka) {
    if (kb.some((x) => x.key === key)) continue;
    out.push({
      kind: 'escalation-trigger-added', field: 'escalation.triggers', before: null, after: t, basis: 'order', direction: 'stricter',
      yaml: match(t.on, n),
      say: says(`escalation on ${t.on}`, 'none', triggerText(t), undefined,
        (s) => `${cap(t.on)} now escalates${t.to ? ` to ${contactText(t.to)}` : ''}, for ${s.action} by ${who(s)} on ${on(s)}.`),
    });
  }
  const length = Math.max(eb.chain.length, ea.chain.length);
  for (let i = 0; i < length; i++) {
    const lb = eb.chain[i];
    const la = ea.chain[i];
    const level = (l: typeof lb) => (l ? `${contactText(l.contact)} within ${duration(l.ackWithinSeconds)}` : 'none');
    const at = (i2: number) => inEscalationList('chain', (_x, k) => k === i2);
    if (lb && la && same(lb, la)) continue;
    if (!la || !lb || lb.ackWithinSeconds !== la.ackWithinSeconds) {
      const direction = !la ? 'looser' : !lb ? 'stricter' : la.ackWithinSeconds > lb.ackWithinSeconds ? 'looser' : 'stricter';
      out.push({
        kind: !la ? 'escalation-level-removed' : !lb ? 'escalation-level-added' : 'escalation-ack',
        field: `escalation.chain[${i}]`, before: lb ?? null, after: la ?? null, basis: 'order', direction,
        yaml: la ? (lb ? (ctx) => [...at(i)(ctx), 'ackWithin'] : at(i)) : () => ['escalation', 'chain'],
        say: says(`escalation level ${i + 1}`, level(lb), level(la),
          (s) => !la
            ? `Escalations for ${s.action} by ${who(s)} on ${on(s)} no longer reach ${contactText(lb!.contact)} (level ${i + 1}).`
            : `Escalation level ${i + 1} for ${s.action} by ${who(s)} on ${on(s)} now has ${duration(la.ackWithinSeconds)} to acknowledge (was ${duration(lb!.ackWithinSeconds)}).`,
          (s) => !lb
            ? `Escalations for ${s.action} by ${who(s)} on ${on(s)} now also reach ${contactText(la!.contact)} (level ${i + 1}).`
            : `Escalation level ${i + 1} for ${s.action} by ${who(s)} on ${on(s)} now has only ${duration(la!.ackWithinSeconds)} to acknowledge (was ${duration(lb.ackWithinSeconds)}).`),
      });
    }
    if (lb && la && lb.contact.id !== la.contact.id) {
      out.push({
        kind: 'escalation-contact', field: `escalation.chain[${i}].contact`, before: lb.contact.id, after: la.contact.id, basis: 'neutral',
        yaml: (ctx) => [...at(i)(ctx), 'contact'],
        say: says(`escalation level ${i + 1}`, contactText(lb.contact), contactText(la.contact)),
      });
    }
  }
}
