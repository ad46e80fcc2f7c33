// Per-runbook resolution: contact ids checked, durations → seconds, percents → fractions,
// conditions with their defaults. A reference that does not resolve is recorded as a problem and
// replaced by a placeholder, so one pass reports every problem in the file.

import type { BundleCondition, StoredContact } from '../bundle/types.js';
import type { CheckedRunbook } from '../check/types.js';
import type { Actor, Condition, Contact, Person } from '../language/runbook.js';
import { parseDuration, parsePercent } from '../util/duration.js';
import type { Problems } from './problems.js';

export class RunbookScope {
  readonly id: string;
  readonly file: string;
  private readonly contacts = new Map<string, Contact>();
  /** The contacts references have named so far: the bundle keeps only those. */
  private readonly named = new Set<string>();
  readonly actors = new Map<string, Actor>();

  constructor(
    readonly checked: CheckedRunbook,
    private readonly problems: Problems,
  ) {
    this.id = checked.runbook.id;
    this.file = checked.file;
    for (const c of checked.runbook.contacts ?? []) this.contacts.set(c.id, c);
    for (const a of checked.runbook.actors ?? []) this.actors.set(a.id, a);
  }

  problem(path: string, message: string): void {
    this.problems.add(this.file, path, message);
  }

  /** A contact reference, checked: the bundle names contacts by id within the runbook. */
  contactRef(ref: string, path: string): string {
    this.named.add(ref);
    if (!this.contacts.has(ref)) {
      const known = [...this.contacts.keys()].join(', ') || 'none';
      this.problem(path, `contact '${ref}' is not declared under contacts (declared: ${known}); add it to contacts or fix the id`);
    }
    return ref;
  }

  contactSet(refs: readonly string[], path: string): string[] {
    // A set of people any of whom may act: sorted by id so reordering the list changes nothing.
    return [...new Set(refs)].sort().map((ref) => this.contactRef(ref, path));
  }

  /** The declared contacts the policy names, by id, for the bundle's runbook record: call it after
   * compiling the escalation and every rule. A contact nothing routes to decides nothing. */
  bundleContacts(): Record<string, StoredContact> {
    return Object.fromEntries([...this.contacts.values()].filter((c) => this.named.has(c.id)).map((c) => [c.id, bundleContact(c)]));
  }

  seconds(duration: string, path: string): number {
    const s = typeof duration === 'string' ? parseDuration(duration) : undefined;
    if (s === undefined) {
      this.problem(path, `'${String(duration)}' is not a duration; write a whole number with a unit, such as 5m, 2h or 90d`);
      return 0;
    }
    return s;
  }

  /** "20%" → 0.2; a number is taken as already being the value. */
  fraction(value: number | string, path: string): number {
    if (typeof value === 'number') return value;
    const f = parsePercent(value);
    if (f === undefined) {
      this.problem(path, `'${value}' is not a percentage; write it like 20%`);
      return 0;
    }
    return f;
  }

  condition(c: Condition, path: string): BundleCondition {
    const threshold = this.fraction(c.threshold, `${path}.threshold`);
    return {
      id: c.id ?? `${c.signal}-${c.when}`,
      intervalSeconds: c.interval === undefined ? 60 : this.seconds(c.interval, `${path}.interval`),
      intervals: c.intervals ?? 1,
      signal: c.signal,
      threshold,
      when: c.when,
    };
  }
}

export function bundleContact(c: Contact): StoredContact {
  return { chat: c.chat, email: c.email, kind: c.kind, name: c.name, pager: c.pager, phone: c.phone };
}

/** Only the fields the schema allows, so the bundle never carries stray frontmatter keys. */
export function person(p: Person): Person {
  return { chat: p.chat, email: p.email, name: p.name };
}
