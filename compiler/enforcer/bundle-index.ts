// The grants of a verified bundle by key, prepared on first use (prepare.ts). Loading only keeps
// the parsed bundle, so a 10,000-runbook bundle loads without preparing grants nobody asks about.

import { splitRuleId, type Bundle, type BundleActor, type Grant } from '../bundle/types.js';
import { resolveGrant, splitGrantKey } from '../bundle/view.js';
import { PreparedGrant } from './prepare.js';

/** The grants of a verified bundle by key, prepared on first use. */
export class BundleIndex {
  readonly #bundle: Bundle;
  readonly #prepared = new Map<string, PreparedGrant>();
  /** actor → (runbook → model), built the first time one of the actor's grants is prepared. */
  readonly #pins = new Map<string, Map<string, Grant['model']>>();
  #actions: Set<string> | null = null;
  #services: Set<string> | null = null;
  readonly #strings = new Map<string, string>();
  readonly #intern = (s: string): string => {
    const known = this.#strings.get(s);
    if (known !== undefined) return known;
    this.#strings.set(s, s);
    return s;
  };

  constructor(bundle: Bundle) {
    this.#bundle = bundle;
  }

  grant(key: string): PreparedGrant | undefined {
    let p = this.#prepared.get(key);
    if (p !== undefined) return p;
    const b = this.#bundle;
    if (!Object.hasOwn(b.grants, key)) return undefined;
    const ruleId = b.grants[key]!;
    const rule = b.rules[ruleId]!;
    const [runbookId] = splitRuleId(ruleId);
    const runbook = b.runbooks[runbookId]!;
    const actorId = splitGrantKey(key)[0];
    // The structure check guarantees both; a lookup that still misses is no grant, never a throw.
    const actor = Object.hasOwn(b.actors, actorId) ? b.actors[actorId] : undefined;
    const model = actor && this.#pinsOf(actorId, actor).get(runbookId);
    if (actor === undefined || model === undefined) return undefined;
    p = new PreparedGrant(resolveGrant(key, ruleId, rule, runbook, model), runbook, actor, this.#intern);
    // Every lookup compares with the stored key: a flat copy made now sits next to the grant,
    // where the caller's key (often a rope of its parts) would not.
    this.#prepared.set(flatCopy(key), p);
    return p;
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
    return Object.hasOwn(this.#bundle.actors, id);
  }

  hasAction(id: string): boolean {
    this.#actions ??= packedSet(Object.keys(this.#bundle.rules).map((id) => splitRuleId(id)[1]));
    return this.#actions.has(id);
  }

  hasService(id: string): boolean {
    if (this.#services === null) {
      const all: string[] = [];
      for (const rb of Object.values(this.#bundle.runbooks)) all.push(...rb.services);
      for (const r of Object.values(this.#bundle.rules)) all.push(...r.services);
      this.#services = packedSet(all);
    }
    return this.#services.has(id);
  }

  get counts(): { runbooks: number; actors: number; grants: number } {
    const b = this.#bundle;
    return { runbooks: Object.keys(b.runbooks).length, actors: Object.keys(b.actors).length, grants: Object.keys(b.grants).length };
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
