// The cross-runbook half of compile: which compile units (unit.ts) make it into the bundle.
// Everything "first wins" is decided here, over the units sorted by (runbook id, file), so the
// result does not depend on the order the units arrive in (workers finish in any order):
//   - a runbook id used by two files: the first keeps it, the other is a problem;
//   - a rule id used twice: a problem;
//   - an (actor, action, service) granted by two runbooks: the first keeps it;
//   - an actor named by several runbooks: name, kind and owner from the first, one pin per runbook.
// Problems are collected in the order one pass over the sorted runbooks finds them and thrown
// together, so the user fixes everything in one go.

import { grantKey, type BundleActor } from '../bundle/types.js';
import { compareStrings, sortedBy } from './order.js';
import { CompileError, type CompileProblem } from './problems.js';
import type { CompileUnit, UnitActor, UnitRule } from './unit.js';

/** What the bundle holds, chosen from the units: assemble.ts writes it out. */
export interface Linked {
  /** The units whose runbook is in the bundle, sorted by id. */
  runbooks: CompileUnit[];
  /** The rules in the bundle, with their unit and position in it, in link order. */
  rules: Array<{ unit: CompileUnit; index: number; rule: UnitRule }>;
  /** grant key → rule id, in link order. */
  grants: Map<string, string>;
  /** Actor records by id, in link order, pins sorted. */
  actors: Map<string, BundleActor>;
}

/** Chooses the bundle's contents from the units; throws CompileError listing every problem. */
export function link(units: readonly CompileUnit[]): Linked {
  const problems: CompileProblem[] = [];
  const linked: Linked = { runbooks: [], rules: [], grants: new Map(), actors: new Map() };
  const fileOf = new Map<string, string>();
  const ruleIds = new Set<string>();
  const grantSource = new Map<string, string>();

  for (const unit of [...units].sort((a, b) => compareStrings(a.id, b.id) || compareStrings(a.file, b.file))) {
    const problem = (path: string, message: string) => problems.push({ file: unit.file, path, message });
    const earlier = fileOf.get(unit.id);
    if (earlier !== undefined) {
      // The runbook is left out entirely, its own problems too: they may well be the other file's.
      problem('id', `runbook id '${unit.id}' is already used by ${earlier}; runbook ids must be unique`);
      continue;
    }
    fileOf.set(unit.id, unit.file);
    linked.runbooks.push(unit);
    // A runbook declares a handful of actors: a scan beats building a map per runbook.
    const declared = (id: string) => unit.actors.find((a) => a.id === id)!;
    let reported = 0;
    const reportThrough = (count: number) => {
      for (; reported < count; reported++) problems.push(unit.problems[reported]!);
    };

    unit.rules.forEach((rule, index) => {
      reportThrough(rule.problemsThrough);
      if (ruleIds.has(rule.id)) {
        problem(`actions[${index}].id`, `action id '${rule.action}' is used by an earlier action of this runbook too; action ids must be unique in a runbook`);
        return;
      }
      ruleIds.add(rule.id);
      linked.rules.push({ unit, index, rule });
      for (const actor of rule.actors) {
        for (const service of rule.services) {
          const key = grantKey(actor, rule.action, service);
          const claimedBy = grantSource.get(key);
          if (claimedBy !== undefined) {
            problem(
              `actions[${index}]`,
              `actor '${actor}' is granted '${rule.action}' on '${service}' by ${claimedBy} too; ` +
                'each (actor, action, service) must be granted by one runbook only — rename the action or narrow its services',
            );
            continue;
          }
          grantSource.set(key, unit.file);
          linked.grants.set(key, rule.id);
          addPin(linked.actors, unit.id, declared(actor));
        }
      }
    });
    reportThrough(unit.problems.length);
  }

  if (problems.length > 0) throw new CompileError(problems);
  for (const actor of linked.actors.values()) actor.pins = sortedPins(actor.pins);
  return linked;
}

/**
 * An actor may appear in several runbooks. Its name, kind and owner come from the first runbook
 * by id that grants it something; every runbook contributes its own model pin.
 */
function addPin(actors: Map<string, BundleActor>, runbook: string, declared: UnitActor): void {
  let record = actors.get(declared.id);
  if (!record) {
    record = { name: declared.name, kind: declared.kind, owner: declared.owner, pins: [] };
    actors.set(declared.id, record);
  }
  // Runbooks are linked one after another, so a pin for this runbook would be the last one.
  if (record.pins.at(-1)?.runbook !== runbook) record.pins.push({ runbook, model: declared.model });
}

function sortedPins(pins: BundleActor['pins']): BundleActor['pins'] {
  return sortedBy(pins, (p) => `${p.runbook}\u0000${p.model.name}\u0000${p.model.version}`);
}
