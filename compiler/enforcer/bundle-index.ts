// The grants of a verified bundle by key, prepared on first use (prepare.ts). Loading keeps only
// the bundle's records (records.ts: located text, parsed again when a grant of them is first
// asked for), so a 10,000-runbook bundle loads without preparing grants nobody asks about.

import { splitGrantKey, splitRuleId, type BundleActor, type BundleRule, type BundleRunbook, type Grant } from '../bundle/types.js';
import { resolveGrant } from '../bundle/view.js';
import { GrantArena } from './arena.js';
import { PreparedGrant } from './prepare.js';
import type { BundleRecords } from './records.js';

/** The grants of a verified bundle by key, prepared on first use. */
export class BundleIndex {
  readonly #records: BundleRecords;
  readonly #grants: Record<string, string>;
  readonly #actors: Record<string, BundleActor>;
  readonly #prepared = new Map<string, PreparedGrant>();
  /** Runbooks parsed for a grant so far (a runbook has a few grants; its record is shared). */
  readonly #runbooks = new Map<string, BundleRunbook>();
  /** actor → (runbook → model), built the first time one of the actor's grants is prepared. */
  readonly #pins = new Map<string, Map<string, Grant['model']>>();
  #actions: Set<string> | null = null;
  #services: Set<string> | null = null;
  /** The services the structure check saw named, until packed into #services. */
  #servicesNamed: ReadonlySet<string> | null;
  /** Where the prepared grants keep their numbers and strings. */
  readonly #arena = new GrantArena();
  readonly #strings = new Map<string, string>();
  readonly #intern = (s: string): string => {
    const known = this.#strings.get(s);
    if (known !== undefined) return known;
    this.#strings.set(s, s);
    return s;
  };

  /** Over records the structure check passed, with the services it saw named. */
  constructor(records: BundleRecords, services: ReadonlySet<string>) {
    this.#records = records;
    this.#grants = records.top.grants as Record<string, string>;
    this.#actors = records.top.actors as Record<string, BundleActor>;
    this.#servicesNamed = services;
  }

  grant(key: string): PreparedGrant | undefined {
    let p = this.#prepared.get(key);
    if (p !== undefined) return p;
    if (!Object.hasOwn(this.#grants, key)) return undefined;
    const ruleId = this.#grants[key]!;
    const [runbookId] = splitRuleId(ruleId);
    const at = this.#records.ruleAt(ruleId);
    const runbook = this.#runbook(runbookId);
    const actorId = splitGrantKey(key)[0];
    // The structure check guarantees all four; a lookup that still misses is no grant, never a throw.
    const actor = Object.hasOwn(this.#actors, actorId) ? this.#actors[actorId] : undefined;
    const model = actor && this.#pinsOf(actorId, actor).get(runbookId);
    if (at < 0 || runbook === undefined || actor === undefined || model === undefined) return undefined;
    const rule = this.#records.rule(at) as BundleRule;
    p = new PreparedGrant(resolveGrant(key, ruleId, rule, runbook, model), runbook, actor, this.#intern, this.#arena);
    // Every lookup compares with the stored key: a flat copy made now sits next to the grant,
    // where the caller's key (often a rope of its parts) would not.
    this.#prepared.set(flatCopy(key), p);
    return p;
  }

  #runbook(id: string): BundleRunbook | undefined {
    let rb = this.#runbooks.get(id);
    if (rb === undefined) {
      const at = this.#records.runbookAt(id);
      if (at < 0) return undefined;
      rb = this.#records.runbook(at) as BundleRunbook;
      this.#runbooks.set(id, rb);
    }
    return rb;
  }

  #pinsOf(id: string, actor: BundleActor): Map<string, Grant['model']> {
    let pins = this.#pins.get(id);
    if (pins === undefined) {
      pins = new Map(actor.pins.map((x) => [x.runbook, x.model]));
      this.#pins.set(id, pins);
    }
    return pins;
  }

  hasActor(id: string): boolean {
    return Object.hasOwn(this.#actors, id);
  }

  hasAction(id: string): boolean {
    this.#actions ??= packedSet((this.#records.ruleIds ?? []).map((id) => splitRuleId(id)[1]));
    return this.#actions.has(id);
  }

  hasService(id: string): boolean {
    if (this.#services === null) {
      this.#services = packedSet([...this.#servicesNamed!]);
      this.#servicesNamed = null;
    }
    return this.#services.has(id);
  }

  get counts(): { runbooks: number; actors: number; grants: number } {
    return {
      runbooks: this.#records.runbookIds?.length ?? 0,
      actors: Object.keys(this.#actors).length,
      grants: Object.keys(this.#grants).length,
    };
  }
}

/** A new flat string equal to `s`. */
function flatCopy(s: string): string {
  return JSON.parse(JSON.stringify(s)) as string;
}

/**
 * A Set of fresh copies of the distinct strings, made in one go so they sit together in memory:
 * a lookup compares with the stored string, and the bundle's own copies are spread over the
 * whole parsed bundle (each a cache miss in a 10,000-runbook bundle).
 */
function packedSet(values: readonly string[]): Set<string> {
  return new Set(JSON.parse(JSON.stringify([...new Set(values)])) as string[]);
}
