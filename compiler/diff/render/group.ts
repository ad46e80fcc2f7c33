// Items for people: one line per change, not per grant. Grant items with the same change (same
// runbook, action, field, before and after, class) are merged: first the services of one actor,
// then actors with the same services, and the sentence is worded again for the whole group.

import type { DiffOutput } from '../diff.js';
import type { Subject } from '../fields/index.js';
import type { ChangeClass, DiffItem } from '../types.js';
import { list, pluralMode } from '../wording.js';

export interface Group {
  class: ChangeClass;
  items: DiffItem[];
  /** The first item: location, kind, field, before/after, note and owner are the group's. */
  lead: DiffItem;
  sentence: string;
  actors: string[];
  services: string[];
}

/** Kinds that come from the runbook's escalation, shared by all its grants: one line per runbook. */
const RUNBOOK_WIDE = /^escalation-/;

export function groupItems(output: DiffOutput): Group[] {
  const { result, raw } = output;
  type Entry = { group: Group; subjects: Map<string, Set<string>>; actions: Set<string>; say: (s: Subject) => string; mode: string; wide: boolean };
  const groups: Group[] = [];
  const open = new Map<string, Entry>();
  const entries = new Map<Group, Entry>();
  result.items.forEach((item, i) => {
    const r = raw[i]!;
    if (item.scope !== 'grant' || !r.say || !r.subject) {
      groups.push({ class: item.class, items: [item], lead: item, sentence: item.sentence, actors: item.actor ? [item.actor] : [], services: item.service ? [item.service] : [] });
      return;
    }
    const wide = RUNBOOK_WIDE.test(item.kind);
    const key = JSON.stringify([item.class, item.runbook, wide ? '' : item.action, item.kind, item.field, item.before, item.after, item.note, wide ? '' : r.subject.mode]);
    let entry = open.get(key);
    if (!entry) {
      const group: Group = { class: item.class, items: [], lead: item, sentence: '', actors: [], services: [] };
      entry = { group, subjects: new Map(), actions: new Set(), say: r.say, mode: r.subject.mode, wide };
      open.set(key, entry);
      entries.set(group, entry);
      groups.push(group);
    }
    entry.group.items.push(item);
    entry.actions.add(item.action!);
    const services = entry.subjects.get(item.actor!) ?? new Set<string>();
    services.add(item.service!);
    entry.subjects.set(item.actor!, services);
  });
  // Word each merged group: actors sharing the same services read as one subject.
  const out: Group[] = [];
  for (const g of groups) {
    const entry = entries.get(g);
    if (!entry) {
      out.push(g);
      continue;
    }
    const byServices = new Map<string, { actors: string[]; services: string[] }>();
    if (entry.wide) {
      const services = new Set<string>();
      for (const s of entry.subjects.values()) for (const x of s) services.add(x);
      byServices.set('', { actors: [...entry.subjects.keys()], services: [...services].sort() });
    } else {
      for (const [actor, services] of entry.subjects) {
        const list = [...services].sort();
        const k = list.join('\u0000');
        const x = byServices.get(k) ?? { actors: [], services: list };
        x.actors.push(actor);
        byServices.set(k, x);
      }
    }
    for (const { actors, services } of byServices.values()) {
      const items = g.items.filter((it) => actors.includes(it.actor!) && services.includes(it.service!));
      actors.sort();
      const mode = actors.length > 1 ? pluralMode(entry.mode) : entry.mode;
      out.push({
        class: g.class, items, lead: items[0]!, actors, services,
        sentence: entry.say({ actors, services, action: list([...entry.actions].sort()), mode }),
      });
    }
  }
  return out;
}

/** Labels of the four classes, as headings. */
export const CLASS_TITLES: Record<ChangeClass, string> = {
  widened: 'Widened authority',
  narrowed: 'Narrowed authority',
  governance: 'Ownership and approval',
  neutral: 'Neutral',
};
